package org.xrayspring.recorder.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link JsonReader}.
 */
class JsonReaderTests {

	static Stream<Arguments> validDocuments() {
		return Stream.of(arguments("null", null), arguments("true", true), arguments("false", false),
				arguments(" \t\r\n 42 \n", 42L), arguments("0", 0L), arguments("-0", 0L), arguments("-17", -17L),
				arguments("9223372036854775807", Long.MAX_VALUE), arguments("-9223372036854775808", Long.MIN_VALUE),
				arguments("9223372036854775808", 9.223372036854775808E18), arguments("1.5", 1.5),
				arguments("-0.25", -0.25), arguments("1e3", 1000.0), arguments("1E+2", 100.0),
				arguments("2.5e-1", 0.25), arguments("1.0", 1.0), arguments("\"\"", ""),
				arguments("\"plain\"", "plain"), arguments("\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d"),
				arguments("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t"), arguments("\"\\u0041\\u00e9\\u00E9\"", "Aéé"),
				arguments("\"\\ud83d\\ude00\"", "\uD83D\uDE00"), arguments("\"h\u00e9llo \uD83D\uDE00\"", "héllo 😀"),
				arguments("[]", List.of()), arguments("[ ]", List.of()), arguments("{}", Map.of()),
				arguments("[1, \"two\", 3.5, true, null]", Arrays.asList(1L, "two", 3.5, true, null)),
				arguments("{\"b\": 1, \"a\": [ {\"c\": null} ]}",
						linkedMap("b", 1L, "a", List.of(linkedMap("c", null)))),
				arguments("[[[[]]]]", List.of(List.of(List.of(List.of())))));
	}

	@ParameterizedTest
	@MethodSource("validDocuments")
	void parsesValidDocument(String json, Object expected) {
		assertThat(JsonReader.parse(json)).isEqualTo(expected);
	}

	@Test
	void objectKeepsKeyOrderInLinkedHashMap() {
		Object value = JsonReader.parse("{\"z\":1,\"a\":2,\"m\":3}");
		assertThat(value).isInstanceOf(LinkedHashMap.class);
		assertThat(new ArrayList<Object>(((Map<?, ?>) value).keySet())).containsExactly("z", "a", "m");
	}

	static Stream<Arguments> invalidDocuments() {
		return Stream.of(arguments("", "empty document", 0), arguments("   ", "empty document", 3),
				arguments("nul", "expected a value", 0), arguments("True", "expected a value", 0),
				arguments("[1,]", "expected a value", 3), arguments("{\"a\":1,}", "expected a string key", 7),
				arguments("{a:1}", "expected a string key", 1), arguments("{'a':1}", "expected a string key", 1),
				arguments("{\"a\" 1}", "expected ':'", 5), arguments("{\"a\":1 \"b\":2}", "expected ',' or '}'", 7),
				arguments("[1 2]", "expected ',' or ']'", 3), arguments("[1", "end of input", 2),
				arguments("{\"a\":1", "end of input", 6), arguments("\"abc", "unterminated string", 0),
				arguments("\"a\\", "unterminated string", 0), arguments("\"a\nb\"", "unescaped control character", 2),
				arguments("\"\\x\"", "invalid escape sequence '\\x'", 1),
				arguments("\"\\u12g4\"", "invalid hex digit", 5), arguments("\"\\u12\"", "incomplete \\u escape", 1),
				arguments("\"\\u1", "incomplete \\u escape", 1), arguments("01", "leading zeros", 0),
				arguments("-", "expected a digit after '-'", 1), arguments("-a", "expected a digit after '-'", 1),
				arguments("1.", "expected a digit after the decimal point", 2), arguments(".5", "expected a value", 0),
				arguments("1e", "expected a digit in the exponent", 2),
				arguments("1e+", "expected a digit in the exponent", 3), arguments("+1", "expected a value", 0),
				arguments("NaN", "expected a value", 0), arguments("Infinity", "expected a value", 0),
				arguments("1e400", "out of range", 0), arguments("1 2", "after the end of the document", 2),
				arguments("{} x", "after the end of the document", 3), arguments("// c\n1", "expected a value", 0),
				arguments("{\"a\":1,\"a\":2}", "duplicate key \"a\"", 7), arguments("\u00a01", "expected a value", 0));
	}

	@ParameterizedTest
	@MethodSource("invalidDocuments")
	void rejectsInvalidDocument(String json, String problem, int position) {
		assertThatExceptionOfType(JsonParseException.class).isThrownBy(() -> JsonReader.parse(json))
			.withMessageContaining(problem)
			.satisfies((ex) -> assertThat(ex.getPosition()).isEqualTo(position));
	}

	@Test
	void errorMessageNamesLineAndColumn() {
		assertThatExceptionOfType(JsonParseException.class)
			.isThrownBy(() -> JsonReader.parse("{\n  \"a\": 1,\n  \"b\": tru\n}"))
			.withMessageStartingWith("Malformed JSON at line 3, column 8 (offset 19): ")
			.satisfies((ex) -> {
				assertThat(ex.getLine()).isEqualTo(3);
				assertThat(ex.getColumn()).isEqualTo(8);
			});
	}

	@Test
	void nestingIsLimited() {
		String ok = "[".repeat(JsonReader.DEFAULT_MAX_DEPTH) + "]".repeat(JsonReader.DEFAULT_MAX_DEPTH);
		assertThat(JsonReader.parse(ok)).isInstanceOf(List.class);
		String tooDeep = "[".repeat(JsonReader.DEFAULT_MAX_DEPTH + 1) + "]".repeat(JsonReader.DEFAULT_MAX_DEPTH + 1);
		assertThatExceptionOfType(JsonParseException.class).isThrownBy(() -> JsonReader.parse(tooDeep))
			.withMessageContaining("nesting deeper than 64 levels");
		// A hostile document far deeper than the stack could take fails cleanly too.
		String hostile = "{\"a\":".repeat(100_000);
		assertThatExceptionOfType(JsonParseException.class).isThrownBy(() -> JsonReader.parse(hostile))
			.withMessageContaining("nesting deeper");
		assertThatExceptionOfType(JsonParseException.class).isThrownBy(() -> JsonReader.parse("[[1]]", 1))
			.withMessageContaining("nesting deeper than 1 levels");
	}

	@Test
	void rejectsNullDocument() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.parse(null));
	}

	@Test
	void agreesWithJacksonOnRandomDocuments() {
		JsonMapper mapper = JsonMapper.builder().build();
		Random random = new Random(20240611L);
		for (int i = 0; i < 500; i++) {
			Object value = randomValue(random, 0);
			String json = mapper.writeValueAsString(value);
			assertThat(JsonReader.parse(json)).as(json).isEqualTo(value);
			String pretty = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value);
			assertThat(JsonReader.parse(pretty)).as(pretty).isEqualTo(value);
		}
	}

	@Test
	void garbageOnlyEverFailsWithJsonParseException() {
		JsonMapper mapper = JsonMapper.builder().build();
		Random random = new Random(7L);
		String alphabet = "{}[]\":,\\u0123456789abcdefnrtlsE.+- \n\t\u00e9\uD83D";
		int parsed = 0;
		for (int i = 0; i < 5_000; i++) {
			char[] chars = mapper.writeValueAsString(randomValue(random, 0)).toCharArray();
			int mutations = 1 + random.nextInt(3);
			for (int m = 0; m < mutations && chars.length > 0; m++) {
				chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
			}
			String garbage = new String(chars);
			try {
				JsonReader.parse(garbage);
				parsed++;
			}
			catch (JsonParseException ex) {
				assertThat(ex.getPosition()).isBetween(0, garbage.length());
			}
		}
		// Some mutations keep the document valid (e.g. a digit replaced by a digit); most
		// do not.
		assertThat(parsed).isBetween(1, 4_999);
	}

	private static Object randomValue(Random random, int depth) {
		int kind = random.nextInt((depth < 4) ? 8 : 6);
		return switch (kind) {
			case 0 -> null;
			case 1 -> random.nextBoolean();
			case 2 -> random.nextLong() >> random.nextInt(64);
			case 3 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
			case 4, 5 -> randomString(random);
			case 6 -> {
				List<Object> list = new ArrayList<>();
				for (int i = random.nextInt(5); i > 0; i--) {
					list.add(randomValue(random, depth + 1));
				}
				yield list;
			}
			default -> {
				Map<String, Object> map = new LinkedHashMap<>();
				for (int i = random.nextInt(5); i > 0; i--) {
					map.put(randomString(random), randomValue(random, depth + 1));
				}
				yield map;
			}
		};
	}

	private static String randomString(Random random) {
		StringBuilder sb = new StringBuilder();
		for (int i = random.nextInt(12); i > 0; i--) {
			int codePoint = switch (random.nextInt(4)) {
				case 0 -> random.nextInt(0x20);
				case 1 -> 0x20 + random.nextInt(0x60);
				case 2 -> 0xA0 + random.nextInt(0xD000);
				default -> 0x10000 + random.nextInt(0x10000);
			};
			sb.appendCodePoint(codePoint);
		}
		return sb.toString();
	}

	private static Map<String, Object> linkedMap(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
