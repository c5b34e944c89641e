package org.xrayspring.console.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deep, long and huge request fields are answered with 400 and the X-Ray error shape,
 * before any work that grows with them: through the real HTTP API of the console embedded
 * under {@code /xray}.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(classes = XRayApiTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-enabled=false" })
class RequestBoundsTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String RANGE = "\"StartTime\":1,\"EndTime\":4102444800";

	@LocalServerPort
	private int port;

	private final HttpClient http = HttpClient.newHttpClient();

	static Stream<Arguments> oversizedRequests() {
		String digits = "9".repeat(400_000);
		String tiny = "0." + "0".repeat(400_000) + "1";
		return Stream.of(Arguments.of("deep parentheses", "TraceSummaries", summaries("(".repeat(50_000))),
				Arguments.of("deep balanced parentheses", "TraceSummaries",
						summaries("(".repeat(5_000) + "fault" + ")".repeat(5_000))),
				Arguments.of("deep negation", "TraceSummaries", summaries("!".repeat(50_000) + "fault")),
				Arguments.of("deep NOT", "TraceSummaries", summaries("not ".repeat(20_000) + "fault")),
				Arguments.of("long filter", "TraceSummaries", summaries("fault or ".repeat(20_000) + "fault")),
				Arguments.of("long filter string", "TraceSummaries",
						summaries("http.url = \\\"" + "x".repeat(100_000) + "\\\"")),
				Arguments.of("huge StartTime string", "TraceSummaries",
						"{\"StartTime\":\"" + tiny + "\",\"EndTime\":4102444800}"),
				Arguments.of("huge EndTime number", "TraceSummaries", "{\"StartTime\":1,\"EndTime\":" + digits + "}"),
				Arguments.of("huge exponent", "TraceSummaries", "{\"StartTime\":1,\"EndTime\":\"1e999999999\"}"),
				Arguments.of("huge StartTime on the graph", "ServiceGraph",
						"{\"StartTime\":\"" + tiny + "\",\"EndTime\":4102444800}"),
				Arguments.of("long NextToken", "TraceSummaries", "{" + RANGE + ",\"NextToken\":\"" + digits + "\"}"),
				Arguments.of("long TimeRangeType", "TraceSummaries",
						"{" + RANGE + ",\"TimeRangeType\":\"" + "T".repeat(100_000) + "\"}"),
				Arguments.of("long trace id", "Traces", "{\"TraceIds\":[\"1-" + "a".repeat(100_000) + "\"]}"),
				Arguments.of("deep JSON", "TraceSummaries", "{\"StartTime\":" + "[".repeat(50_000)),
				Arguments.of("deep JSON value", "Traces",
						"{\"TraceIds\":" + "[".repeat(1_000) + "]".repeat(1_000) + "}"),
				Arguments.of("long RuleName", "SamplingTargets",
						"{\"SamplingStatisticsDocuments\":[{\"RuleName\":\"" + "r".repeat(100_000)
								+ "\",\"ClientID\":\"0123456789abcdef01234567\",\"Timestamp\":1,"
								+ "\"RequestCount\":1,\"SampledCount\":1}]}"),
				Arguments.of("huge Timestamp", "SamplingTargets",
						"{\"SamplingStatisticsDocuments\":[{\"RuleName\":\"Default\","
								+ "\"ClientID\":\"0123456789abcdef01234567\",\"Timestamp\":\"" + digits + "\","
								+ "\"RequestCount\":1,\"SampledCount\":1}]}"),
				Arguments.of("huge RequestCount", "SamplingTargets",
						"{\"SamplingStatisticsDocuments\":[{\"RuleName\":\"Default\","
								+ "\"ClientID\":\"0123456789abcdef01234567\",\"Timestamp\":1,\"RequestCount\":" + digits
								+ ",\"SampledCount\":1}]}"));
	}

	private static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "..." : text;
	}

	private static String summaries(String filter) {
		return "{" + RANGE + ",\"FilterExpression\":\"" + filter + "\"}";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("oversizedRequests")
	void oversizedFieldIsA400WithTheApiErrorShape(String description, String operation, String body) throws Exception {
		HttpResponse<String> response = post(operation, body);
		assertThat(response.statusCode()).as(abbreviate(response.body())).isEqualTo(400);
		JsonNode error = MAPPER.readTree(response.body());
		assertThat(error.path("__type").stringValue()).isIn("InvalidRequestException", "SerializationException")
			.isEqualTo(response.headers().firstValue("x-amzn-ErrorType").orElse(null));
		assertThat(error.path("message").stringValue()).isNotBlank().hasSizeLessThan(1000);
	}

	@Test
	void filtersWithinTheBoundsStillWork() throws Exception {
		assertThat(post("TraceSummaries", summaries("(".repeat(20) + "fault" + ")".repeat(20))).statusCode())
			.isEqualTo(200);
		assertThat(post("TraceSummaries", summaries("!".repeat(20) + "fault")).statusCode()).isEqualTo(200);
		assertThat(post("TraceSummaries", summaries("fault or ".repeat(300) + "error")).statusCode()).isEqualTo(200);
		assertThat(post("TraceSummaries", "{\"StartTime\":\"1.5\",\"EndTime\":\"2030-01-01T00:00:00Z\"}").statusCode())
			.isEqualTo(200);
	}

	private HttpResponse<String> post(String operation, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray/" + operation))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
