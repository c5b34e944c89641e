package org.xrayspring.recorder.sampling;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xrayspring.recorder.json.JsonParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for reading rules documents into a {@link LocalSamplingStrategy}.
 */
class LocalSamplingStrategyParsingTests {

	@Test
	void parsesVersion2File() throws IOException {
		LocalSamplingStrategy strategy = load("rules-v2.json");
		assertThat(strategy.rules()).containsExactly(
				new LocalSamplingRule("Player moves.", "*", "*", "/api/move/*", 0, 0.05),
				new LocalSamplingRule("Health checks are never traced.", "*", "GET", "/actuator/health*", 0, 0.0),
				new LocalSamplingRule(null, "api-?.example.com", "POST", "/orders", 10, 1.0));
		LocalSamplingRule third = strategy.rules().get(2);
		assertThat(third.description()).isNull();
		assertThat(third.host()).isEqualTo("api-?.example.com");
		assertThat(third.httpMethod()).isEqualTo("POST");
		assertThat(third.urlPath()).isEqualTo("/orders");
		assertThat(third.fixedTarget()).isEqualTo(10);
		assertThat(third.rate()).isEqualTo(1.0);
		assertDefault(strategy.defaultRule(), 1, 0.1);
	}

	@Test
	void parsesVersion1FileCopyingServiceNameIntoHost() throws IOException {
		LocalSamplingStrategy strategy = load("rules-v1.json");
		assertThat(strategy.rules()).containsExactly(
				new LocalSamplingRule("Player moves.", "*", "*", "/api/move/*", 0, 0.05), new LocalSamplingRule(
						"Scorekeeper service.", "scorekeep.*.amazonaws.com", "GET", "/api/score/*", 2, 0.5));
		assertThat(strategy.rules()
			.get(1)
			.matches(new SamplingRequest("SCOREKEEP.elasticbeanstalk.amazonaws.com", "get", "/api/score/7", null)))
			.isTrue();
		assertDefault(strategy.defaultRule(), 1, 0.1);
	}

	@Test
	void missingRulesArrayMeansNoRules() throws IOException {
		LocalSamplingStrategy strategy = load("rules-default-only.json");
		assertThat(strategy.rules()).isEmpty();
		assertDefault(strategy.defaultRule(), 3, 0.25);
		assertThat(strategy.defaultRule().description()).isEqualTo("everything else");
		assertThat(LocalSamplingStrategy
			.fromJson("{\"version\":1,\"default\":{\"fixed_target\":0,\"rate\":0}," + "\"rules\":null}")
			.rules()).isEmpty();
	}

	@Test
	void byteOrderMarkIsSkippedWhenReadingAStream() throws IOException {
		LocalSamplingStrategy strategy = load("rules-with-bom.json");
		assertThat(strategy.rules()).isEmpty();
		assertDefault(strategy.defaultRule(), 1, 0.05);
	}

	@Test
	void builtInDefault() {
		LocalSamplingStrategy strategy = LocalSamplingStrategy.defaultStrategy();
		assertThat(strategy.rules()).isEmpty();
		assertDefault(strategy.defaultRule(), 1, 0.05);
		LocalSamplingStrategy fromDocument = LocalSamplingStrategy
			.fromJson("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":0.05},\"rules\":[]}");
		assertThat(fromDocument.defaultRule()).isEqualTo(strategy.defaultRule());
	}

	@Test
	void ofCreatesDefaultRuleOnly() {
		LocalSamplingStrategy strategy = LocalSamplingStrategy.of(7, 0.5);
		assertThat(strategy.rules()).isEmpty();
		assertDefault(strategy.defaultRule(), 7, 0.5);
		assertThat(LocalSamplingStrategy.of(0, 0).defaultRule().rate()).isZero();
		assertThat(LocalSamplingStrategy.of(0, 1).defaultRule().rate()).isOne();
	}

	@Test
	void ofRejectsValuesOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSamplingStrategy.of(-1, 0.05))
			.withMessageContaining("fixed target");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSamplingStrategy.of(1, -0.01))
			.withMessageContaining("rate");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSamplingStrategy.of(1, 1.01))
			.withMessageContaining("rate");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalSamplingStrategy.of(1, Double.NaN))
			.withMessageContaining("rate");
	}

	@Test
	void rulesAreUnmodifiable() throws IOException {
		LocalSamplingStrategy strategy = load("rules-v2.json");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> strategy.rules().remove(0));
	}

	static Stream<Arguments> invalidDocuments() {
		String rule = "\"host\":\"*\",\"http_method\":\"*\",\"url_path\":\"*\",\"fixed_target\":1,\"rate\":0.5";
		String defaults = "\"default\":{\"fixed_target\":1,\"rate\":0.05}";
		return Stream.of(
				// Not a rules document at all
				arguments("", "Malformed JSON at line 1, column 1"),
				arguments("{\"version\":2,", "Malformed JSON at line 1, column 14"),
				arguments("{\"version\":2,\n" + defaults + ",}", "Malformed JSON at line 2, column 42"),
				arguments("[]", "the document must be a JSON object but was an array"),
				arguments("\"rules\"", "the document must be a JSON object but was the string \"rules\""),
				// version
				arguments("{" + defaults + "}", "'version' is required and must be 1 or 2"),
				arguments("{\"version\":3," + defaults + "}", "'version' must be 1 or 2 but was 3"),
				arguments("{\"version\":0," + defaults + "}", "'version' must be 1 or 2 but was 0"),
				arguments("{\"version\":2.0," + defaults + "}", "'version' must be 1 or 2 but was 2.0"),
				arguments("{\"version\":\"2\"," + defaults + "}", "'version' must be 1 or 2 but was the string \"2\""),
				// default
				arguments("{\"version\":2}", "'default' is required"),
				arguments("{\"version\":2,\"default\":null}", "'default' is required"),
				arguments("{\"version\":2,\"default\":[]}", "'default' must be an object but was an array"),
				arguments("{\"version\":2,\"default\":{\"rate\":0.05}}", "default.fixed_target is required"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1}}", "default.rate is required"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":-1,\"rate\":0.05}}",
						"default.fixed_target must be an integer between 0 and 2147483647 but was -1"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1.5,\"rate\":0.05}}",
						"default.fixed_target must be an integer between 0 and 2147483647 but was 1.5"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":2147483648,\"rate\":0.05}}",
						"default.fixed_target must be an integer between 0 and 2147483647 but was 2147483648"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":\"1\",\"rate\":0.05}}",
						"default.fixed_target must be an integer between 0 and 2147483647 but was the string \"1\""),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":-0.1}}",
						"default.rate must be a number between 0 and 1 but was -0.1"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":1.5}}",
						"default.rate must be a number between 0 and 1 but was 1.5"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":2}}",
						"default.rate must be a number between 0 and 1 but was 2"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":true}}",
						"default.rate must be a number between 0 and 1 but was true"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":0.1,\"host\":\"*\"}}",
						"'default' must not set 'host'"),
				arguments("{\"version\":1,\"default\":{\"fixed_target\":1,\"rate\":0.1,\"service_name\":\"a\"}}",
						"'default' must not set 'service_name'"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":0.1,\"http_method\":\"GET\"}}",
						"'default' must not set 'http_method'"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":0.1,\"url_path\":\"/\"}}",
						"'default' must not set 'url_path'"),
				arguments("{\"version\":2,\"default\":{\"fixed_target\":1,\"rate\":0.1,\"description\":5}}",
						"default.description must be a string but was 5"),
				// rules
				arguments("{\"version\":2," + defaults + ",\"rules\":{}}",
						"'rules' must be an array but was an object"),
				arguments("{\"version\":2," + defaults + ",\"rules\":[null]}",
						"rules[0] must be an object but was null"),
				arguments("{\"version\":2," + defaults + ",\"rules\":[{" + rule + "},7]}",
						"rules[1] must be an object but was 7"),
				arguments(rules(2, "\"http_method\":\"*\",\"url_path\":\"*\",\"fixed_target\":1,\"rate\":0.5"),
						"rules[1].host is required"),
				arguments(rules(2, "\"host\":\"*\",\"url_path\":\"*\",\"fixed_target\":1,\"rate\":0.5"),
						"rules[1].http_method is required"),
				arguments(rules(2, "\"host\":\"*\",\"http_method\":\"*\",\"fixed_target\":1,\"rate\":0.5"),
						"rules[1].url_path is required"),
				arguments(rules(2, "\"host\":\"*\",\"http_method\":\"*\",\"url_path\":\"*\",\"rate\":0.5"),
						"rules[1].fixed_target is required"),
				arguments(rules(2, "\"host\":\"*\",\"http_method\":\"*\",\"url_path\":\"*\",\"fixed_target\":1"),
						"rules[1].rate is required"),
				arguments(rules(2,
						"\"host\":\"\",\"http_method\":\"*\",\"url_path\":\"*\",\"fixed_target\":1," + "\"rate\":0.5"),
						"rules[1].host must not be empty"),
				arguments(rules(2,
						"\"host\":1,\"http_method\":\"*\",\"url_path\":\"*\",\"fixed_target\":1," + "\"rate\":0.5"),
						"rules[1].host must be a string but was 1"),
				arguments(rules(2,
						"\"host\":\"*\",\"http_method\":[\"GET\"],\"url_path\":\"*\",\"fixed_target\":1,"
								+ "\"rate\":0.5"),
						"rules[1].http_method must be a string but was an array"),
				arguments(rules(2, rule.replace("\"fixed_target\":1", "\"fixed_target\":-3")),
						"rules[1].fixed_target must be an integer between 0 and 2147483647 but was -3"),
				arguments(rules(2, rule.replace("\"rate\":0.5", "\"rate\":1.0001")),
						"rules[1].rate must be a number between 0 and 1 but was 1.0001"),
				arguments(rules(2, rule.replace("\"rate\":0.5", "\"rate\":-1")),
						"rules[1].rate must be a number between 0 and 1 but was -1"),
				arguments(rules(2, rule + ",\"description\":{}"),
						"rules[1].description must be a string but was an object"),
				arguments(rules(2, rule + ",\"service_name\":\"svc\""),
						"rules[1].service_name is not allowed in a version 2 document (use host)"),
				// version 1 rules
				arguments(rules(1, rule.replace("\"host\"", "\"service_name\"") + ",\"host\":\"*\""),
						"rules[1].host is not allowed in a version 1 document"),
				arguments(rules(1, rule.replace("\"host\":\"*\",", "")), "rules[1].service_name is required"),
				arguments(rules(1, rule.replace("\"host\":\"*\"", "\"service_name\":\"\"")),
						"rules[1].service_name must not be empty"));
	}

	/**
	 * Returns a document of the given version whose second rule ({@code rules[1]}) has
	 * the given fields.
	 */
	private static String rules(int version, String secondRuleFields) {
		String first = (version == 1) ? "\"service_name\":\"*\"" : "\"host\":\"*\"";
		return "{\"version\":" + version + ",\"default\":{\"fixed_target\":1,\"rate\":0.05},\"rules\":[{" + first
				+ ",\"http_method\":\"*\",\"url_path\":\"/a\",\"fixed_target\":0,\"rate\":0},{" + secondRuleFields
				+ "}]}";
	}

	@ParameterizedTest
	@MethodSource("invalidDocuments")
	void rejectsInvalidDocument(String json, String message) {
		assertThatExceptionOfType(SamplingRulesException.class).isThrownBy(() -> LocalSamplingStrategy.fromJson(json))
			.withMessageStartingWith("Invalid sampling rules: ")
			.withMessageContaining(message);
		assertThatExceptionOfType(SamplingRulesException.class)
			.isThrownBy(() -> LocalSamplingStrategy.fromJson(stream(json.getBytes(StandardCharsets.UTF_8))))
			.withMessageContaining(message);
	}

	@Test
	void malformedJsonKeepsTheParserErrorAsCause() {
		assertThatExceptionOfType(SamplingRulesException.class).isThrownBy(() -> LocalSamplingStrategy.fromJson("{"))
			.withCauseInstanceOf(JsonParseException.class);
	}

	@Test
	void nullDocumentIsRejected() {
		assertThatExceptionOfType(SamplingRulesException.class)
			.isThrownBy(() -> LocalSamplingStrategy.fromJson((String) null))
			.withMessageContaining("must not be null");
		assertThatExceptionOfType(SamplingRulesException.class)
			.isThrownBy(() -> LocalSamplingStrategy.fromJson((InputStream) null))
			.withMessageContaining("must not be null");
	}

	@Test
	void oversizedStreamIsRejectedWithoutReadingItAll() {
		byte[] big = new byte[LocalSamplingStrategy.MAX_DOCUMENT_BYTES + 100];
		Arrays.fill(big, (byte) ' ');
		ByteArrayInputStream in = new ByteArrayInputStream(big);
		assertThatExceptionOfType(SamplingRulesException.class).isThrownBy(() -> LocalSamplingStrategy.fromJson(in))
			.withMessageContaining("larger than 1048576 bytes");
		assertThat(in.available()).isEqualTo(99);
	}

	private static void assertDefault(LocalSamplingRule rule, int fixedTarget, double rate) {
		assertThat(rule.fixedTarget()).isEqualTo(fixedTarget);
		assertThat(rule.rate()).isEqualTo(rate);
		assertThat(rule.host()).isEqualTo("*");
		assertThat(rule.httpMethod()).isEqualTo("*");
		assertThat(rule.urlPath()).isEqualTo("*");
		assertThat(rule.matches(new SamplingRequest("any.host", "DELETE", "/any/path", "svc"))).isTrue();
		assertThat(rule.matches(null)).isTrue();
	}

	private static LocalSamplingStrategy load(String name) throws IOException {
		try (InputStream in = LocalSamplingStrategyParsingTests.class.getResourceAsStream("/sampling/" + name)) {
			assertThat(in).as(name).isNotNull();
			return LocalSamplingStrategy.fromJson(in);
		}
	}

	private static InputStream stream(byte[] bytes) {
		return new ByteArrayInputStream(bytes);
	}

}
