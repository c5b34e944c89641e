package org.xrayspring.console.assembly;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceNode}.
 *
 * @author xray-spring-boot
 */
class TraceNodeTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', nullValues = "none", value = { "200|200", "404|404", "1e12|none", "200.5|none",
			"-1|none", "\"200\"|none", "null|none", "99999999999999999999|none" })
	void readsHttpStatusWithoutThrowingOnAnyNumber(String status, Integer expected) {
		ObjectNode tree = (ObjectNode) MAPPER.readTree("{\"http\":{\"response\":{\"status\":" + status + "}}}");
		assertThat(new TraceNode(tree, true, null).getHttpStatus()).isEqualTo(expected);
	}

}
