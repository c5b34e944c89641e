package org.xrayspring.recorder.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A small, strict JSON reader (RFC 8259) for configuration documents, so that the
 * recorder needs no JSON library at run time.
 * <p>
 * Values are returned as {@link Map Map&lt;String, Object&gt;} (a {@link LinkedHashMap},
 * keys in document order), {@link List List&lt;Object&gt;}, {@link String}, {@link Long}
 * (numbers without fraction or exponent that fit a {@code long}), {@link Double} (all
 * other numbers), {@link Boolean} or {@code null}.
 * <p>
 * Strict means: exactly one value, optionally surrounded by whitespace; no comments,
 * trailing commas, single quotes, unquoted keys, leading zeros, {@code NaN} or unescaped
 * control characters; duplicate keys are rejected because a configuration file that says
 * two things is a mistake. Nesting is limited ({@value #DEFAULT_MAX_DEPTH} levels by
 * default) so a hostile document cannot exhaust the stack. Every problem is reported as a
 * {@link JsonParseException} naming the line, column and offset.
 */
public final class JsonReader {

	/**
	 * Default limit for nested objects and arrays.
	 */
	public static final int DEFAULT_MAX_DEPTH = 64;

	private final String in;

	private final int maxDepth;

	private int pos;

	private int depth;

	private JsonReader(String in, int maxDepth) {
		this.in = in;
		this.maxDepth = maxDepth;
	}

	/**
	 * Parses a JSON document.
	 * @param json the document
	 * @return the value it holds
	 * @throws JsonParseException if the document is not well-formed JSON or nests deeper
	 * than {@value #DEFAULT_MAX_DEPTH} levels
	 */
	public static Object parse(String json) {
		return parse(json, DEFAULT_MAX_DEPTH);
	}

	/**
	 * Parses a JSON document with a given nesting limit.
	 * @param json the document
	 * @param maxDepth the maximum number of nested objects and arrays (at least 1)
	 * @return the value it holds
	 * @throws JsonParseException if the document is not well-formed JSON or nests deeper
	 * than {@code maxDepth}
	 */
	public static Object parse(String json, int maxDepth) {
		if (json == null) {
			throw new IllegalArgumentException("JSON document must not be null");
		}
		if (maxDepth < 1) {
			throw new IllegalArgumentException("maxDepth must be at least 1");
		}
		JsonReader reader = new JsonReader(json, maxDepth);
		reader.skipWhitespace();
		if (reader.pos >= json.length()) {
			throw reader.error("empty document", reader.pos);
		}
		Object value = reader.readValue();
		reader.skipWhitespace();
		if (reader.pos < json.length()) {
			throw reader.error("unexpected " + reader.describe(reader.pos) + " after the end of the document",
					reader.pos);
		}
		return value;
	}

	private @Nullable Object readValue() {
		if (this.pos >= this.in.length()) {
			throw error("unexpected end of input, expected a value", this.pos);
		}
		char c = this.in.charAt(this.pos);
		return switch (c) {
			case '{' -> readObject();
			case '[' -> readArray();
			case '"' -> readString();
			case 't' -> readLiteral("true", Boolean.TRUE);
			case 'f' -> readLiteral("false", Boolean.FALSE);
			case 'n' -> readLiteral("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield readNumber();
				}
				throw error("unexpected " + describe(this.pos) + ", expected a value", this.pos);
			}
		};
	}

	private Map<String, Object> readObject() {
		enter();
		this.pos++; // '{'
		Map<String, Object> map = new LinkedHashMap<>();
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			this.depth--;
			return map;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("unexpected " + describe(this.pos) + ", expected a string key", this.pos);
			}
			int keyStart = this.pos;
			String key = readString();
			skipWhitespace();
			expect(':', "':' after an object key");
			skipWhitespace();
			Object value = readValue();
			if (map.containsKey(key)) {
				throw error("duplicate key \"" + key + "\"", keyStart);
			}
			map.put(key, value);
			skipWhitespace();
			char c = peek();
			if (c == ',') {
				this.pos++;
			}
			else if (c == '}') {
				this.pos++;
				this.depth--;
				return map;
			}
			else {
				throw error("unexpected " + describe(this.pos) + ", expected ',' or '}'", this.pos);
			}
		}
	}

	private List<Object> readArray() {
		enter();
		this.pos++; // '['
		List<Object> list = new ArrayList<>();
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
			this.depth--;
			return list;
		}
		while (true) {
			skipWhitespace();
			list.add(readValue());
			skipWhitespace();
			char c = peek();
			if (c == ',') {
				this.pos++;
			}
			else if (c == ']') {
				this.pos++;
				this.depth--;
				return list;
			}
			else {
				throw error("unexpected " + describe(this.pos) + ", expected ',' or ']'", this.pos);
			}
		}
	}

	private void enter() {
		if (++this.depth > this.maxDepth) {
			throw error("nesting deeper than " + this.maxDepth + " levels", this.pos);
		}
	}

	private String readString() {
		int start = this.pos;
		this.pos++; // opening quote
		// Fast path: most strings have no escapes and can be cut out of the input
		// directly.
		int i = this.pos;
		int length = this.in.length();
		while (i < length) {
			char c = this.in.charAt(i);
			if (c == '"') {
				String s = this.in.substring(this.pos, i);
				this.pos = i + 1;
				return s;
			}
			if (c == '\\' || c < 0x20) {
				break;
			}
			i++;
		}
		StringBuilder sb = new StringBuilder(i - this.pos + 16);
		sb.append(this.in, this.pos, i);
		this.pos = i;
		while (true) {
			if (this.pos >= length) {
				throw error("unterminated string", start);
			}
			char c = this.in.charAt(this.pos);
			if (c == '"') {
				this.pos++;
				return sb.toString();
			}
			if (c < 0x20) {
				throw error("unescaped control character " + describe(this.pos) + " in string", this.pos);
			}
			if (c != '\\') {
				sb.append(c);
				this.pos++;
				continue;
			}
			if (this.pos + 1 >= length) {
				throw error("unterminated string", start);
			}
			char e = this.in.charAt(this.pos + 1);
			switch (e) {
				case '"', '\\', '/' -> sb.append(e);
				case 'b' -> sb.append('\b');
				case 'f' -> sb.append('\f');
				case 'n' -> sb.append('\n');
				case 'r' -> sb.append('\r');
				case 't' -> sb.append('\t');
				case 'u' -> {
					sb.append(readHex4(this.pos + 2));
					this.pos += 4;
				}
				default -> throw error("invalid escape sequence '\\" + printable(e) + "'", this.pos);
			}
			this.pos += 2;
		}
	}

	private char readHex4(int from) {
		if (from + 4 > this.in.length()) {
			throw error("incomplete \\u escape", from - 2);
		}
		int value = 0;
		for (int i = from; i < from + 4; i++) {
			int digit = hexValue(this.in.charAt(i));
			if (digit < 0) {
				throw error("invalid hex digit " + describe(i) + " in \\u escape", i);
			}
			value = (value << 4) | digit;
		}
		return (char) value;
	}

	private static int hexValue(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	private Object readNumber() {
		int start = this.pos;
		int length = this.in.length();
		if (this.in.charAt(this.pos) == '-') {
			this.pos++;
		}
		if (this.pos >= length || !isDigit(this.in.charAt(this.pos))) {
			throw error("expected a digit after '-'", this.pos);
		}
		if (this.in.charAt(this.pos) == '0') {
			this.pos++;
			if (this.pos < length && isDigit(this.in.charAt(this.pos))) {
				throw error("leading zeros are not allowed in numbers", start);
			}
		}
		else {
			skipDigits();
		}
		boolean integral = true;
		if (this.pos < length && this.in.charAt(this.pos) == '.') {
			integral = false;
			this.pos++;
			if (this.pos >= length || !isDigit(this.in.charAt(this.pos))) {
				throw error("expected a digit after the decimal point", this.pos);
			}
			skipDigits();
		}
		if (this.pos < length && (this.in.charAt(this.pos) == 'e' || this.in.charAt(this.pos) == 'E')) {
			integral = false;
			this.pos++;
			if (this.pos < length && (this.in.charAt(this.pos) == '+' || this.in.charAt(this.pos) == '-')) {
				this.pos++;
			}
			if (this.pos >= length || !isDigit(this.in.charAt(this.pos))) {
				throw error("expected a digit in the exponent", this.pos);
			}
			skipDigits();
		}
		String text = this.in.substring(start, this.pos);
		if (integral && this.pos - start <= 20) {
			try {
				return Long.parseLong(text);
			}
			catch (NumberFormatException ex) {
				// Beyond the range of long: fall through to double.
			}
		}
		double value = Double.parseDouble(text);
		if (Double.isInfinite(value)) {
			throw error("number " + text + " is out of range", start);
		}
		return value;
	}

	private void skipDigits() {
		while (this.pos < this.in.length() && isDigit(this.in.charAt(this.pos))) {
			this.pos++;
		}
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private @Nullable Object readLiteral(String literal, @Nullable Object value) {
		if (!this.in.startsWith(literal, this.pos)) {
			throw error("unexpected " + describe(this.pos) + ", expected a value", this.pos);
		}
		this.pos += literal.length();
		return value;
	}

	private void expect(char c, String what) {
		if (peek() != c) {
			throw error("unexpected " + describe(this.pos) + ", expected " + what, this.pos);
		}
		this.pos++;
	}

	/**
	 * Returns the current character, or {@code 0xFFFF} at the end of the input (never
	 * valid JSON there).
	 */
	private char peek() {
		return (this.pos < this.in.length()) ? this.in.charAt(this.pos) : '\uFFFF';
	}

	private void skipWhitespace() {
		while (this.pos < this.in.length()) {
			char c = this.in.charAt(this.pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.pos++;
		}
	}

	private String describe(int at) {
		if (at >= this.in.length()) {
			return "end of input";
		}
		return "character '" + printable(this.in.charAt(at)) + "'";
	}

	private static String printable(char c) {
		if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
			return String.format("\\u%04x", (int) c);
		}
		return String.valueOf(c);
	}

	private JsonParseException error(String problem, int at) {
		int line = 1;
		int lineStart = 0;
		int end = Math.min(at, this.in.length());
		for (int i = 0; i < end; i++) {
			if (this.in.charAt(i) == '\n') {
				line++;
				lineStart = i + 1;
			}
		}
		return new JsonParseException(problem, at, line, at - lineStart + 1);
	}

}
