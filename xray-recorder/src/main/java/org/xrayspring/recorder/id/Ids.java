package org.xrayspring.recorder.id;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Generates and validates X-Ray identifiers.
 * <p>
 * Random sources, and why:
 * <ul>
 * <li><b>Trace ids</b> carry 96 random bits that the X-Ray guide asks to come from a
 * secure random source (a predictable trace id lets a client forge its way into someone
 * else's trace). A single shared {@link SecureRandom} would serialize every request
 * thread on its lock, and so would many of them on Linux: the default {@code NativePRNG}
 * instances all share one synchronized reader of {@code /dev/urandom} and one SHA1PRNG
 * they mix in. So ids come from a small array of stripes, chosen by thread id, each with
 * its own {@code DRBG} instance (NIST SP 800-90A Hash_DRBG, seeded from the system's
 * entropy source and reseeding itself) and its own 1 KiB buffer of random bytes. Two
 * threads only meet on a lock when they hash to the same stripe, and then for a few
 * nanoseconds of copying; a refill serves 85 ids. Measured on the development machine:
 * about 25 ns of random bytes per trace id against about 70 ns with
 * {@code new SecureRandom()} and a 240-byte buffer (BENCHMARKS.md).</li>
 * <li><b>Entity ids</b> only need to be unique within a trace, not unpredictable, so they
 * come from {@link ThreadLocalRandom}, which has no shared state at all.</li>
 * </ul>
 */
public final class Ids {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final Stripe[] STRIPES = createStripes();

	private static final HexFormat HEX_FORMAT = HexFormat.of();

	private Ids() {
	}

	/**
	 * Returns a new trace id for a trace that starts now.
	 * @return a trace id such as {@code 1-5759e988-bd862e3fe1be46a994272793}
	 */
	public static String newTraceId() {
		return newTraceId(System.currentTimeMillis() / 1000);
	}

	/**
	 * Returns a new trace id whose time part is the given epoch second.
	 * @param epochSecond the epoch second of the original request
	 * @return a trace id
	 */
	public static String newTraceId(long epochSecond) {
		return stripe().newTraceId((int) epochSecond);
	}

	/**
	 * Returns a new entity (segment, subsegment or exception) id: 16 lowercase hex
	 * digits, never all zeros.
	 * @return an entity id
	 */
	public static String newEntityId() {
		long value;
		do {
			value = ThreadLocalRandom.current().nextLong();
		}
		while (value == 0);
		return HEX_FORMAT.toHexDigits(value);
	}

	/**
	 * Whether the value is a trace id in the canonical form this recorder emits and
	 * accepts: {@code 1-} + 8 lowercase hex + {@code -} + 24 lowercase hex.
	 * @param value the candidate
	 * @return whether it is a valid trace id
	 */
	public static boolean isValidTraceId(@Nullable String value) {
		if (value == null || value.length() != 35 || value.charAt(0) != '1' || value.charAt(1) != '-'
				|| value.charAt(10) != '-') {
			return false;
		}
		return isLowerHex(value, 2, 10) && isLowerHex(value, 11, 35);
	}

	/**
	 * Whether the value is a 16-digit lowercase hex entity id.
	 * @param value the candidate
	 * @return whether it is a valid entity id
	 */
	public static boolean isValidEntityId(@Nullable String value) {
		return value != null && value.length() == 16 && isLowerHex(value, 0, 16);
	}

	private static boolean isLowerHex(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	private static Stripe stripe() {
		long id = Thread.currentThread().getId();
		int hash = (int) (id ^ (id >>> 32)) * 0x9E3779B9;
		return STRIPES[(hash >>> 16) & (STRIPES.length - 1)];
	}

	private static Stripe[] createStripes() {
		int wanted = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
		int size = Integer.highestOneBit(wanted - 1) << 1;
		Stripe[] stripes = new Stripe[size];
		for (int i = 0; i < size; i++) {
			stripes[i] = new Stripe();
		}
		return stripes;
	}

	private static SecureRandom newRandom() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
	}

	private static final class Stripe {

		private final SecureRandom random = newRandom();

		private final byte[] buffer = new byte[1024];

		private int position = this.buffer.length;

		/**
		 * Where an id is built, so that only the resulting string is allocated. Kept by
		 * the stripe, under the lock it takes anyway, rather than in a thread-local: on
		 * request threads that hold many thread-locals that lookup showed in profiles
		 * (BENCHMARKS.md).
		 */
		private final char[] chars = new char[35];

		synchronized String newTraceId(int epochSecond) {
			char[] chars = this.chars;
			chars[0] = '1';
			chars[1] = '-';
			int time = epochSecond;
			for (int i = 7; i >= 0; i--) {
				chars[2 + i] = HEX[time & 0xF];
				time >>>= 4;
			}
			chars[10] = '-';
			nextHex(chars, 11, 12);
			return new String(chars, 0, 35);
		}

		/**
		 * Writes {@code count} random bytes as hex digits into {@code target} at
		 * {@code offset}.
		 */
		private void nextHex(char[] target, int offset, int count) {
			if (this.position + count > this.buffer.length) {
				// a 1 KiB buffer holds 85 ids of 12 bytes; the last 4 bytes are left
				// unused
				this.random.nextBytes(this.buffer);
				this.position = 0;
			}
			byte[] buffer = this.buffer;
			for (int i = 0; i < count; i++) {
				byte b = buffer[this.position + i];
				target[offset + 2 * i] = HEX[(b >> 4) & 0xF];
				target[offset + 2 * i + 1] = HEX[b & 0xF];
			}
			this.position += count;
		}

	}

}
