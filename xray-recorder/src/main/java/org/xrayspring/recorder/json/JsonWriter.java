package org.xrayspring.recorder.json;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;

/**
 * A small, allocation-light JSON writer for segment documents. It writes compact JSON (no spaces) into a
 * reusable {@link StringBuilder}; callers are responsible for well-formed nesting.
 */
public final class JsonWriter {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private static final int MAX_VALUE_DEPTH = 32;

	private final StringBuilder out;

	private boolean needsComma;

	/**
	 * Creates a writer with its own buffer.
	 */
	public JsonWriter() {
		this(new StringBuilder(1024));
	}

	/**
	 * Creates a writer appending to the given buffer.
	 * @param out the buffer
	 */
	public JsonWriter(StringBuilder out) {
		this.out = out;
	}

	/**
	 * Starts an object, as a value or an array element.
	 * @return this writer
	 */
	public JsonWriter beginObject() {
		comma();
		this.out.append('{');
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
		this.out.append('{');
		this.needsComma = false;
		return this;
	}

	/**
	 * Ends an object.
	 * @return this writer
	 */
	public JsonWriter endObject() {
		this.out.append('}');
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
		this.out.append('[');
		this.needsComma = false;
		return this;
	}

	/**
	 * Ends an array.
	 * @return this writer
	 */
	public JsonWriter endArray() {
		this.out.append(']');
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a string field; nothing when the value is {@code null}.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter field(String name, String value) {
		if (value != null) {
			name(name);
			string(value);
			this.needsComma = true;
		}
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
		this.out.append(value);
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
		this.out.append(value);
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes epoch microseconds as a number of seconds with six decimals, exactly (no floating point).
	 * @param name the field name
	 * @param epochMicros the time in microseconds since the epoch
	 * @return this writer
	 */
	public JsonWriter secondsField(String name, long epochMicros) {
		name(name);
		long seconds = epochMicros / 1_000_000;
		int micros = (int) (epochMicros % 1_000_000);
		this.out.append(seconds).append('.');
		for (int divisor = 100_000; divisor > 0; divisor /= 10) {
			this.out.append((char) ('0' + (micros / divisor) % 10));
		}
		this.needsComma = true;
		return this;
	}

	/**
	 * Writes a field of any supported value: {@code null}, {@link CharSequence}, {@link Number} (non-finite
	 * numbers as strings), {@link Boolean}, {@link Map}, {@link Collection}, arrays, and anything else as its
	 * {@code toString()}. Nesting deeper than 32 levels is written as a string marker.
	 * @param name the field name
	 * @param value the value
	 * @return this writer
	 */
	public JsonWriter valueField(String name, Object value) {
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
	 * Appends an already serialized JSON value as a field (trusted input only).
	 * @param name the field name
	 * @param json the JSON text
	 * @return this writer
	 */
	public JsonWriter rawField(String name, CharSequence json) {
		name(name);
		this.out.append(json);
		this.needsComma = true;
		return this;
	}

	/**
	 * The number of characters written so far.
	 * @return the length
	 */
	public int length() {
		return this.out.length();
	}

	/**
	 * Clears the buffer for reuse.
	 */
	public void reset() {
		this.out.setLength(0);
		this.needsComma = false;
	}

	@Override
	public String toString() {
		return this.out.toString();
	}

	private void value(Object value, int depth) {
		if (value == null) {
			this.out.append("null");
		}
		else if (value instanceof CharSequence sequence) {
			string(sequence);
		}
		else if (value instanceof Boolean bool) {
			this.out.append(bool.booleanValue());
		}
		else if (value instanceof Number number) {
			number(number);
		}
		else if (depth >= MAX_VALUE_DEPTH) {
			string("<too deep>");
		}
		else if (value instanceof Map<?, ?> map) {
			this.out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					this.out.append(',');
				}
				first = false;
				string(String.valueOf(entry.getKey()));
				this.out.append(':');
				value(entry.getValue(), depth + 1);
			}
			this.out.append('}');
		}
		else if (value instanceof Collection<?> collection) {
			this.out.append('[');
			boolean first = true;
			for (Object element : collection) {
				if (!first) {
					this.out.append(',');
				}
				first = false;
				value(element, depth + 1);
			}
			this.out.append(']');
		}
		else if (value.getClass().isArray()) {
			this.out.append('[');
			int length = Array.getLength(value);
			for (int i = 0; i < length; i++) {
				if (i > 0) {
					this.out.append(',');
				}
				value(Array.get(value, i), depth + 1);
			}
			this.out.append(']');
		}
		else {
			string(String.valueOf(value));
		}
	}

	private void number(Number number) {
		if (number instanceof Double || number instanceof Float) {
			double d = number.doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				string(String.valueOf(d));
			}
			else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
				this.out.append((long) d);
			}
			else {
				this.out.append(d);
			}
		}
		else if (number instanceof Long || number instanceof Integer || number instanceof Short
				|| number instanceof Byte) {
			this.out.append(number.longValue());
		}
		else {
			String text = number.toString();
			// BigDecimal/BigInteger and custom Number types: only trust plain JSON number syntax
			if (text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
				this.out.append(text);
			}
			else {
				string(text);
			}
		}
	}

	private void name(String name) {
		comma();
		string(name);
		this.out.append(':');
	}

	private void comma() {
		if (this.needsComma) {
			this.out.append(',');
		}
	}

	private void string(CharSequence value) {
		StringBuilder out = this.out;
		out.append('"');
		int length = value.length();
		int runStart = 0;
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029 && !Character.isSurrogate(c)) {
				continue;
			}
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
				continue;
			}
			out.append(value, runStart, i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					// control characters, line separators and lone surrogates (invalid in UTF-8) are escaped
					out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
						.append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
				}
			}
			runStart = i + 1;
		}
		out.append(value, runStart, length);
		out.append('"');
	}

}
