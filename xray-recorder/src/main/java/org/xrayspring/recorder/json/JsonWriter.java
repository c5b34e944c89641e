package org.xrayspring.recorder.json;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A small JSON writer for segment documents that writes compact JSON (no spaces) straight
 * into a reusable UTF-8 byte buffer: a document is encoded once, its size in bytes is
 * known without another pass, and the emitter sends it from this buffer without copying
 * it into a {@code String} first. Callers are responsible for well-formed nesting.
 */
public final class JsonWriter {

	private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

	private static final int MAX_VALUE_DEPTH = 32;

	private byte[] buffer;

	private int length;

	private boolean needsComma;

	/**
	 * The seconds last written by {@link #secondsField}, and their digits: the times of
	 * one document nearly always share their second, so it is encoded once.
	 */
	private long lastSeconds;

	private final byte[] lastSecondsDigits = new byte[20];

	private int lastSecondsLength;

	/**
	 * Creates a writer with a 1 KiB buffer that grows as needed.
	 */
	public JsonWriter() {
		this(1024);
	}

	/**
	 * Creates a writer.
	 * @param capacity the initial buffer size in bytes
	 */
	public JsonWriter(int capacity) {
		this.buffer = new byte[Math.max(capacity, 16)];
	}

	/**
	 * Starts an object, as a value or an array element.
	 * @return this writer
	 */
	public JsonWriter beginObject() {
		comma();
		put('{');
		this.needsComma = false;
		return this;
	}

	/**
	 * Starts an object as the value of a field.
	 * @param name the field name
	 * @return this writer
	 */
	public JsonWriter beginObject(String name) {
		name(name);
		put('{');
		this.needsComma = false;
		return this;
	}

	/**
	 * Starts an object as the value of a field.
	 * @param name the field name
	 * @return this writer
	 */
	public JsonWriter beginObject(Name name) {
		name(name);
		put('{');
		this.needsComma = false;
		return this;
	}

	/**
	 * Ends an object.
	 * @return this writer
	 */
	public JsonWriter endObject() {
		put('}');
		this.needsComma = true;
		return this;
	}

	/**
	 * Starts an array as the value of a field.
	 * @param name the field name
	 * @return this writer
	 */
	public JsonWriter beginArray(String name) {
		name(name);
		put('[');
		this.needsComma = false;
		return this;
	}

	/**
	 * Starts an array as the value of a field.
	 * @param name the field name
	 * @return this writer
	 */
	public JsonWriter beginArray(Name name) {
		name(name);
		put('[');
		this.needsComma = false;
		return this;
	}

	/**
	 * Ends an array.
	 * @return this writer
	 */
	public JsonWriter endArray() {
		put(']');
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a string field; nothing when the value is {@code null}.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter field(String name, @Nullable String value) {
		if (value != null) {
			name(name);
			string(value);
			this.needsComma = true;
		}
		return this;
	}

	/**
	 * Writes a string field; nothing when the value is {@code null}.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter field(Name name, @Nullable String value) {
		if (value != null) {
			name(name);
			string(value);
			this.needsComma = true;
		}
		return this;
	}

	/**
	 * Writes a string field whose value is two parts joined by a dot, without building
	 * the joined string.
	 * @param name the field name
	 * @param first the part before the dot
	 * @param second the part after the dot
	 * @return this writer
	 */
	public JsonWriter field(String name, String first, String second) {
		name(name);
		put('"');
		stringContent(first);
		put('.');
		stringContent(second);
		put('"');
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a boolean field.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter field(String name, boolean value) {
		name(name);
		put(value ? TRUE : FALSE);
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a boolean field.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter field(Name name, boolean value) {
		name(name);
		put(value ? TRUE : FALSE);
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes an integer field.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter field(String name, long value) {
		name(name);
		putLong(value);
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes epoch microseconds as a number of seconds with six decimals, exactly (no
	 * floating point).
	 * @param name the field name
	 * @param epochMicros the time in microseconds since the epoch
	 * @return this writer
	 */
	public JsonWriter secondsField(String name, long epochMicros) {
		name(name);
		return seconds(epochMicros);
	}

	/**
	 * Writes epoch microseconds as a number of seconds with six decimals, exactly (no
	 * floating point).
	 * @param name the field name
	 * @param epochMicros the time in microseconds since the epoch
	 * @return this writer
	 */
	public JsonWriter secondsField(Name name, long epochMicros) {
		name(name);
		return seconds(epochMicros);
	}

	private JsonWriter seconds(long epochMicros) {
		long seconds = epochMicros / 1_000_000;
		if (seconds == this.lastSeconds && this.lastSecondsLength > 0) {
			put(this.lastSecondsDigits, this.lastSecondsLength);
		}
		else {
			int start = this.length;
			putLong(seconds);
			this.lastSecondsLength = this.length - start;
			System.arraycopy(this.buffer, start, this.lastSecondsDigits, 0, this.lastSecondsLength);
			this.lastSeconds = seconds;
		}
		int micros = (int) (epochMicros % 1_000_000);
		ensure(7);
		byte[] buffer = this.buffer;
		int at = this.length;
		buffer[at] = '.';
		for (int i = 6; i >= 1; i--) {
			buffer[at + i] = (byte) ('0' + micros % 10);
			micros /= 10;
		}
		this.length = at + 7;
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a field of any supported value: {@code null}, {@link CharSequence},
	 * {@link Number} (non-finite numbers as strings), {@link Boolean}, {@link Map},
	 * {@link Collection}, arrays, and anything else as its {@code toString()}. Nesting
	 * deeper than 32 levels is written as a string marker.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter valueField(String name, @Nullable Object value) {
		name(name);
		value(value, 0);
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a string as an array element.
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter element(String value) {
		comma();
		string(value);
		this.needsComma = true;
		return this;
	}

	/**
	 * The number of UTF-8 bytes written so far.
	 * @return the length in bytes
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Clears the buffer for reuse.
	 */
	public void reset() {
		this.length = 0;
		this.needsComma = false;
	}

	/**
	 * Copies what was written into a buffer.
	 * @param target the buffer, with at least {@link #length()} bytes remaining
	 */
	public void copyTo(ByteBuffer target) {
		target.put(this.buffer, 0, this.length);
	}

	/**
	 * The UTF-8 bytes written so far.
	 * @return a copy
	 */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.length);
	}

	@Override
	public String toString() {
		return new String(this.buffer, 0, this.length, StandardCharsets.UTF_8);
	}

	private void value(@Nullable Object value, int depth) {
		if (value == null) {
			put(NULL);
		}
		else if (value instanceof String text) {
			string(text);
		}
		else if (value instanceof Boolean bool) {
			put(bool ? TRUE : FALSE);
		}
		else if (value instanceof Number number) {
			number(number);
		}
		else if (value instanceof CharSequence sequence) {
			string(sequence.toString());
		}
		else if (depth >= MAX_VALUE_DEPTH) {
			string("<too deep>");
		}
		else if (value instanceof Map<?, ?> map) {
			put('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					put(',');
				}
				first = false;
				string(String.valueOf(entry.getKey()));
				put(':');
				value(entry.getValue(), depth + 1);
			}
			put('}');
		}
		else if (value instanceof Collection<?> collection) {
			put('[');
			boolean first = true;
			for (Object element : collection) {
				if (!first) {
					put(',');
				}
				first = false;
				value(element, depth + 1);
			}
			put(']');
		}
		else if (value.getClass().isArray()) {
			put('[');
			int length = Array.getLength(value);
			for (int i = 0; i < length; i++) {
				if (i > 0) {
					put(',');
				}
				value(Array.get(value, i), depth + 1);
			}
			put(']');
		}
		else {
			string(String.valueOf(value));
		}
	}

	private void number(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
			putLong(number.longValue());
		}
		else if (number instanceof Double || number instanceof Float) {
			double d = number.doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				string(String.valueOf(d));
			}
			else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
				putLong((long) d);
			}
			else {
				putAscii(Double.toString(d));
			}
		}
		else {
			String text = number.toString();
			// BigDecimal/BigInteger and custom Number types: only trust plain JSON number
			// syntax
			if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
				putAscii(text);
			}
			else {
				string(text);
			}
		}
	}

	private void name(String name) {
		comma();
		string(name);
		put(':');
	}

	private void name(Name name) {
		comma();
		put(name.encoded, name.encoded.length);
	}

	private void comma() {
		if (this.needsComma) {
			put(',');
		}
	}

	private void string(String value) {
		put('"');
		stringContent(value);
		put('"');
	}

	/**
	 * Writes the escaped UTF-8 content of a string. ASCII that needs no escape (nearly
	 * all of a document) is copied byte by byte; control characters, quotes, backslashes,
	 * line separators and lone surrogates (which have no UTF-8 form) are escaped.
	 */
	@SuppressWarnings("deprecation")
	private void stringContent(String value) {
		int length = value.length();
		// Nearly every string in a document is plain ASCII: find out with a tight scan,
		// then copy it in one go
		// (String.getBytes(int, int, byte[], int) copies without allocating, an array
		// copy for Latin-1 strings).
		int plain = 0;
		while (plain < length) {
			char c = value.charAt(plain);
			if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
				break;
			}
			plain++;
		}
		ensure(plain);
		value.getBytes(0, plain, this.buffer, this.length);
		this.length += plain;
		if (plain < length) {
			encodeRest(value, plain);
		}
	}

	/**
	 * Escapes and encodes the string from {@code from} on: control characters, quotes,
	 * backslashes, line separators and lone surrogates (which have no UTF-8 form) are
	 * escaped, other characters encoded as UTF-8.
	 */
	private void encodeRest(String value, int from) {
		int length = value.length();
		// at most 3 bytes per char unless escaped; escapes make room for themselves
		ensure((length - from) * 3 + 2);
		byte[] buffer = this.buffer;
		int at = this.length;
		for (int i = from; i < length; i++) {
			char c = value.charAt(i);
			if (c < 0x80) {
				if (c >= 0x20 && c != '"' && c != '\\') {
					buffer[at++] = (byte) c;
					continue;
				}
				this.length = at;
				escape(c);
			}
			else if (c < 0x800) {
				buffer[at++] = (byte) (0xC0 | (c >> 6));
				buffer[at++] = (byte) (0x80 | (c & 0x3F));
				continue;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
				int codePoint = Character.toCodePoint(c, value.charAt(++i));
				buffer[at++] = (byte) (0xF0 | (codePoint >> 18));
				buffer[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
				buffer[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				buffer[at++] = (byte) (0x80 | (codePoint & 0x3F));
				continue;
			}
			else if (Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
				this.length = at;
				escape(c);
			}
			else {
				buffer[at++] = (byte) (0xE0 | (c >> 12));
				buffer[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				buffer[at++] = (byte) (0x80 | (c & 0x3F));
				continue;
			}
			// an escape was written: reload the (possibly grown) buffer and make room for
			// the rest
			ensure((length - i) * 3 + 2);
			buffer = this.buffer;
			at = this.length;
		}
		this.length = at;
	}

	private void escape(char c) {
		switch (c) {
			case '"' -> putAscii("\\\"");
			case '\\' -> putAscii("\\\\");
			case '\n' -> putAscii("\\n");
			case '\r' -> putAscii("\\r");
			case '\t' -> putAscii("\\t");
			case '\b' -> putAscii("\\b");
			case '\f' -> putAscii("\\f");
			default -> {
				ensure(6);
				byte[] buffer = this.buffer;
				int at = this.length;
				buffer[at] = '\\';
				buffer[at + 1] = 'u';
				buffer[at + 2] = HEX[(c >> 12) & 0xF];
				buffer[at + 3] = HEX[(c >> 8) & 0xF];
				buffer[at + 4] = HEX[(c >> 4) & 0xF];
				buffer[at + 5] = HEX[c & 0xF];
				this.length = at + 6;
			}
		}
	}

	private void putLong(long value) {
		if (value == Long.MIN_VALUE) {
			putAscii(Long.toString(value));
			return;
		}
		ensure(20);
		byte[] buffer = this.buffer;
		int at = this.length;
		if (value < 0) {
			buffer[at++] = '-';
			value = -value;
		}
		int digits = 1;
		for (long rest = value / 10; rest != 0; rest /= 10) {
			digits++;
		}
		for (int i = at + digits - 1; i >= at; i--) {
			buffer[i] = (byte) ('0' + (value % 10));
			value /= 10;
		}
		this.length = at + digits;
	}

	private void putAscii(String text) {
		int length = text.length();
		ensure(length);
		byte[] buffer = this.buffer;
		int at = this.length;
		for (int i = 0; i < length; i++) {
			buffer[at + i] = (byte) text.charAt(i);
		}
		this.length = at + length;
	}

	private void put(byte[] bytes) {
		put(bytes, bytes.length);
	}

	private void put(byte[] bytes, int count) {
		ensure(count);
		System.arraycopy(bytes, 0, this.buffer, this.length, count);
		this.length += count;
	}

	private void put(char c) {
		ensure(1);
		this.buffer[this.length++] = (byte) c;
	}

	private void ensure(int extra) {
		int needed = this.length + extra;
		if (needed > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(needed, this.buffer.length * 2));
		}
	}

	/**
	 * A field name encoded once, quoted and escaped, with its colon: documents that write
	 * the same names over and over copy these bytes instead of encoding the name again.
	 */
	public static final class Name {

		private final byte[] encoded;

		private Name(byte[] encoded) {
			this.encoded = encoded;
		}

		/**
		 * Encodes a field name.
		 * @param name the name
		 * @return the encoded name
		 */
		public static Name of(String name) {
			JsonWriter writer = new JsonWriter(name.length() + 16);
			writer.string(name);
			writer.put(':');
			return new Name(writer.toByteArray());
		}

		@Override
		public String toString() {
			return new String(this.encoded, StandardCharsets.UTF_8);
		}

	}

}
