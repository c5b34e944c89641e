package org.xrayspring.recorder.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class JsonWriterTests {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void escapesEverythingJsonRequires() {
		String tricky = "quote\" backslash\\ nl\n cr\r tab\t nul\u0000 bell\u0007 ls\u2028 emoji\uD83D\uDE00 lone\uD800 end";
		String json = new JsonWriter().beginObject().field("s", tricky).endObject().toString();
		JsonNode node = this.mapper.readTree(json);
		assertThat(node.path("s").asString()).isEqualTo(tricky.replace('\uD800', '\uD800'));
		assertThat(json).doesNotContain("\n").contains("\\u0000").contains("\\ud800");
	}

	@Test
	void secondsWithMicrosecondPrecision() {
		String json = new JsonWriter().beginObject()
			.secondsField("t", 1_480_615_200_010_000L)
			.secondsField("u", 1_480_615_200_000_007L)
			.endObject()
			.toString();
		assertThat(json).isEqualTo("{\"t\":1480615200.010000,\"u\":1480615200.000007}");
	}

	@Test
	void secondsOfSuccessiveFieldsAreExactAcrossSeconds() {
		JsonWriter writer = new JsonWriter();
		long[] times = { 1_480_615_200_999_999L, 1_480_615_201_000_000L, 1_480_615_201_000_001L, 999_999L, 0L,
				99_000_000_000_123_456L, 1_480_615_201_500_000L };
		for (long time : times) {
			writer.reset();
			String json = writer.beginObject()
				.secondsField("t", time)
				.secondsField(JsonWriter.Name.of("u"), time)
				.endObject()
				.toString();
			String seconds = BigDecimal.valueOf(time, 6).toPlainString();
			assertThat(json).isEqualTo("{\"t\":" + seconds + ",\"u\":" + seconds + "}");
		}
	}

	@Test
	void encodedNamesWriteWhatStringNamesWrite() {
		String tricky = "quote\" nl\n ls\u2028 é";
		JsonWriter.Name name = JsonWriter.Name.of(tricky);
		String withNames = new JsonWriter().beginObject()
			.field(name, "v")
			.field(JsonWriter.Name.of("flag"), true)
			.beginObject(JsonWriter.Name.of("o"))
			.field(JsonWriter.Name.of("absent"), (String) null)
			.endObject()
			.beginArray(JsonWriter.Name.of("a"))
			.element("x")
			.endArray()
			.endObject()
			.toString();
		String withStrings = new JsonWriter().beginObject()
			.field(tricky, "v")
			.field("flag", true)
			.beginObject("o")
			.field("absent", (String) null)
			.endObject()
			.beginArray("a")
			.element("x")
			.endArray()
			.endObject()
			.toString();
		assertThat(withNames).isEqualTo(withStrings);
		assertThat(this.mapper.readTree(withNames).path(tricky).asString()).isEqualTo("v");
	}

	@Test
	void valuesOfEveryKind() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("n", null);
		map.put("i", 3);
		map.put("d", 2.5);
		map.put("whole", 2.0);
		map.put("nan", Double.NaN);
		map.put("big", new BigDecimal("12.50"));
		map.put("list", List.of(true, "x"));
		map.put("array", new int[] { 1, 2 });
		map.put("other", new StringBuilder("sb"));
		map.put("object", new Object() {
			@Override
			public String toString() {
				return "custom";
			}
		});
		String json = new JsonWriter().beginObject().valueField("m", map).endObject().toString();
		assertThat(json).isEqualTo("{\"m\":{\"n\":null,\"i\":3,\"d\":2.5,\"whole\":2,\"nan\":\"NaN\",\"big\":12.50,"
				+ "\"list\":[true,\"x\"],\"array\":[1,2],\"other\":\"sb\",\"object\":\"custom\"}}");
	}

	@Test
	void selfReferencingValueStopsAtDepthLimit() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("self", map);
		String json = new JsonWriter().beginObject().valueField("m", map).endObject().toString();
		assertThat(this.mapper.readTree(json).toString()).contains("<too deep>");
	}

	@Test
	void lengthIsInUtf8BytesAndCopyToGivesTheSameBytes() {
		JsonWriter writer = new JsonWriter(16);
		writer.beginObject().field("s", "a\u00e9\u65e5\uD83D\uDE00").endObject();
		byte[] expected = "{\"s\":\"a\u00e9\u65e5\uD83D\uDE00\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(writer.length()).isEqualTo(expected.length);
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64);
		writer.copyTo(buffer);
		assertThat(java.util.Arrays.copyOf(buffer.array(), buffer.position())).isEqualTo(expected);
		assertThat(writer.toByteArray()).isEqualTo(expected);
		writer.reset();
		assertThat(writer.length()).isZero();
	}

	@Test
	void seededRandomStringsRoundTripThroughJackson() {
		java.util.Random random = new java.util.Random(42);
		JsonWriter writer = new JsonWriter(8);
		for (int i = 0; i < 5000; i++) {
			StringBuilder text = new StringBuilder();
			int length = random.nextInt(40);
			for (int n = 0; n < length; n++) {
				int kind = random.nextInt(6);
				text.append(switch (kind) {
					case 0 -> (char) random.nextInt(0x20);
					case 1 -> (char) (0x20 + random.nextInt(0x60));
					case 2 -> (char) (0x80 + random.nextInt(0x780));
					case 3 -> (char) (0x800 + random.nextInt(0xD000));
					case 4 -> (char) (0xD800 + random.nextInt(0x800));
					default -> "\"\\\u2028\u2029".charAt(random.nextInt(4));
				});
			}
			writer.reset();
			writer.beginObject().field("k", text.toString()).endObject();
			String json = writer.toString();
			assertThat(writer.length()).isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
			assertThat(this.mapper.readTree(json).path("k").asString()).isEqualTo(text.toString());
		}
	}

}
