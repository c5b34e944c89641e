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
		String json = new JsonWriter().beginObject().secondsField("t", 1_480_615_200_010_000L)
			.secondsField("u", 1_480_615_200_000_007L).endObject().toString();
		assertThat(json).isEqualTo("{\"t\":1480615200.010000,\"u\":1480615200.000007}");
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

}
