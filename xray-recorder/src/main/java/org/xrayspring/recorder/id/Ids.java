package org.xrayspring.recorder.id;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates and validates X-Ray identifiers.
 * <p>
 * Random sources, and why:
 * <ul>
 * <li><b>Trace ids</b> carry 96 random bits that the X-Ray guide asks to come from a secure random source (a
 * predictable trace id lets a client forge its way into someone else's trace). A single shared
 * {@link SecureRandom} would serialize every request thread on its internal lock (the JDK's DRBG and NativePRNG
 * implementations are synchronized), and one {@code SecureRandom} per thread is costly with many or virtual
 * threads. So ids come from a small array of independently seeded {@link SecureRandom} stripes, chosen by thread
 * id, each handing out bytes from its own 240-byte buffer; two threads only meet on a lock when they hash to the
 * same stripe, and then only for a few nanoseconds of buffer copying (the stripe refills its buffer 20 ids at a
 * time).</li>
 * <li><b>Entity ids</b> only need to be unique within a trace, not unpredictable, so they come from
 * {@link ThreadLocalRandom}, which has no shared state at all.</li>
 * </ul>
 */
public final class Ids {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final Stripe[] STRIPES = createStripes();

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
		char[] chars = new char[35];
		chars[0] = '1';
		chars[1] = '-';
		int time = (int) epochSecond;
		for (int i = 7; i >= 0; i--) {
			chars[2 + i] = HEX[time & 0xF];
			time >>>= 4;
		}
		chars[10] = '-';
		byte[] random = new byte[12];
		stripe().nextBytes(random);
		for (int i = 0; i < 12; i++) {
			chars[11 + 2 * i] = HEX[(random[i] >> 4) & 0xF];
			chars[12 + 2 * i] = HEX[random[i] & 0xF];
		}
		return new String(chars);
	}

	/**
	 * Returns a new entity (segment, subsegment or exception) id: 16 lowercase hex digits, never all zeros.
	 * @return an entity id
	 */
	public static String newEntityId() {
		long value;
		do {
			value = ThreadLocalRandom.current().nextLong();
		}
		while (value == 0);
		return toHex(value);
	}

	/**
	 * Whether the value is a trace id in the canonical form this recorder emits and accepts:
	 * {@code 1-} + 8 lowercase hex + {@code -} + 24 lowercase hex.
	 * @param value the candidate
	 * @return whether it is a valid trace id
	 */
	public static boolean isValidTraceId(String value) {
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
	public static boolean isValidEntityId(String value) {
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

	private static String toHex(long value) {
		char[] chars = new char[16];
		for (int i = 15; i >= 0; i--) {
			chars[i] = HEX[(int) (value & 0xF)];
			value >>>= 4;
		}
		return new String(chars);
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

	private static final class Stripe {

		private final SecureRandom random = new SecureRandom();

		private final byte[] buffer = new byte[240];

		private int position = this.buffer.length;

		synchronized void nextBytes(byte[] target) {
			if (this.position + target.length > this.buffer.length) {
				this.random.nextBytes(this.buffer);
				this.position = 0;
			}
			System.arraycopy(this.buffer, this.position, target, 0, target.length);
			this.position += target.length;
		}

	}

}
