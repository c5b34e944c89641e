package org.xrayspring.console.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xrayspring.console.TestDocuments;
import org.xrayspring.console.store.TraceStore;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.BatchGetTracesResponse;
import software.amazon.awssdk.services.xray.model.GetSamplingRulesResponse;
import software.amazon.awssdk.services.xray.model.GetSamplingTargetsResponse;
import software.amazon.awssdk.services.xray.model.GetServiceGraphResponse;
import software.amazon.awssdk.services.xray.model.GetTraceSummariesResponse;
import software.amazon.awssdk.services.xray.model.InvalidRequestException;
import software.amazon.awssdk.services.xray.model.PutTraceSegmentsResponse;
import software.amazon.awssdk.services.xray.model.SamplingRule;
import software.amazon.awssdk.services.xray.model.Service;
import software.amazon.awssdk.services.xray.model.TimeRangeType;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import software.amazon.awssdk.services.xray.model.UnprocessedTraceSegment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the X-Ray API face with the AWS SDK v2 {@link XRayClient}, against the console
 * embedded in an application under {@code /xray}.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-address=127.0.0.1:0",
				"xray.console.max-request-body=64KB", "xray.console.sampling.rules[0].name=orders",
				"xray.console.sampling.rules[0].priority=10", "xray.console.sampling.rules[0].fixed-rate=0.5",
				"xray.console.sampling.rules[0].reservoir-size=4", "xray.console.sampling.rules[0].service-name=front",
				"xray.console.sampling.rules[0].url-path=/orders*" })
class XRayApiTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private TraceStore store;

	private XRayClient xray;

	private final HttpClient http = HttpClient.newHttpClient();

	private String ordersTrace;

	private String payTrace;

	private String otherTrace;

	private String orderCall;

	private String backSegment;

	@BeforeEach
	void createClient() {
		this.store.clear();
		this.xray = ConsoleXRayClients.embedded(this.port);
	}

	@AfterEach
	void closeClient() {
		this.xray.close();
	}

	/**
	 * Three traces: GET /orders through front and back (annotations customer=alice,
	 * tier=3), a faulting POST /pay calling DynamoDB, and a 404 on other-svc.
	 */
	private void putScenario() {
		double now = TestDocuments.now() - 5;
		this.ordersTrace = TestDocuments.traceId();
		String front = TestDocuments.id();
		this.orderCall = TestDocuments.id();
		this.backSegment = TestDocuments.id();
		this.payTrace = TestDocuments.traceId();
		String pay = TestDocuments.id();
		this.otherTrace = TestDocuments.traceId();
		List<String> documents = List.of(
				TestDocuments.segment(this.ordersTrace, front, "front", now, now + 0.2,
						TestDocuments.http("GET", "http://localhost/orders", 200)
								+ ",\"annotations\":{\"customer\":\"alice\",\"tier\":3}"),
				TestDocuments.subsegment(this.ordersTrace, front, this.orderCall, "back", now + 0.01, now + 0.15,
						"\"namespace\":\"remote\"," + TestDocuments.http("GET", "http://back/stock", 200)),
				TestDocuments.segment(this.ordersTrace, this.backSegment, "back", now + 0.02, now + 0.14,
						"\"parent_id\":\"" + this.orderCall + "\","
								+ TestDocuments.http("GET", "http://back/stock", 200)),
				TestDocuments.segment(this.payTrace, pay, "front", now + 1, now + 2.5,
						TestDocuments.http("POST", "http://localhost/pay", 500)
								+ ",\"fault\":true,\"annotations\":{\"customer\":\"bob\"},\"subsegments\":[{\"id\":\""
								+ TestDocuments.id() + "\",\"name\":\"DynamoDB\",\"namespace\":\"aws\",\"start_time\":"
								+ (now + 1.1) + ",\"end_time\":" + (now + 1.3)
								+ ",\"aws\":{\"operation\":\"PutItem\",\"table_name\":\"payments\"}}]"),
				TestDocuments.segment(this.otherTrace, TestDocuments.id(), "other-svc", now + 2, now + 2.01,
						TestDocuments.http("GET", "http://localhost/missing", 404)
								+ ",\"error\":true,\"annotations\":{\"flag\":true}"));
		PutTraceSegmentsResponse response = this.xray
			.putTraceSegments((request) -> request.traceSegmentDocuments(documents));
		assertThat(response.unprocessedTraceSegments()).isEmpty();
	}

	@Test
	void putReportsInvalidDocuments() {
		String badTraceId = TestDocuments.id();
		PutTraceSegmentsResponse response = this.xray
			.putTraceSegments((request) -> request.traceSegmentDocuments("not json",
					"{\"id\":\"" + badTraceId + "\",\"trace_id\":\"1-abc\",\"name\":\"x\",\"start_time\":1,"
							+ "\"end_time\":2}",
					TestDocuments.segment(TestDocuments.traceId(), TestDocuments.id(), "ok", 1.7e9, 1.7e9 + 1, "")));
		assertThat(response.unprocessedTraceSegments()).extracting(UnprocessedTraceSegment::errorCode)
			.containsExactly("InvalidJson", "InvalidTraceId");
		assertThat(response.unprocessedTraceSegments().get(1).id()).isEqualTo(badTraceId);
		assertThat(response.unprocessedTraceSegments()).allSatisfy((entry) -> assertThat(entry.message()).isNotBlank());
		assertThat(this.store.getStats().traces()).isEqualTo(1);
	}

	@Test
	void summariesWithoutFilterListAllTracesInRange() {
		putScenario();
		GetTraceSummariesResponse response = summaries(null);
		assertThat(response.traceSummaries()).extracting(TraceSummary::id)
			.containsExactlyInAnyOrder(this.ordersTrace, this.payTrace, this.otherTrace);
		TraceSummary orders = response.traceSummaries()
			.stream()
			.filter((summary) -> summary.id().equals(this.ordersTrace))
			.findFirst()
			.orElseThrow();
		assertThat(orders.http().httpMethod()).isEqualTo("GET");
		assertThat(orders.http().httpURL()).isEqualTo("http://localhost/orders");
		assertThat(orders.http().httpStatus()).isEqualTo(200);
		assertThat(orders.responseTime()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.001));
		assertThat(orders.hasFault()).isFalse();
		assertThat(orders.isPartial()).isFalse();
		assertThat(orders.annotations()).containsKeys("customer", "tier");
		assertThat(orders.annotations().get("customer").get(0).annotationValue().stringValue()).isEqualTo("alice");
		assertThat(orders.annotations().get("tier").get(0).annotationValue().numberValue()).isEqualTo(3.0);
		assertThat(orders.serviceIds()).extracting((id) -> id.name()).containsExactly("front", "back");
		assertThat(orders.entryPoint().name()).isEqualTo("front");
		assertThat(response.tracesProcessedCount()).isEqualTo(3);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			value = { "service(\"back\")|orders", "service(\"DynamoDB\")|pay", "annotation.customer = \"alice\"|orders",
					"annotation.tier >= 3|orders", "annotation.flag|other", "annotation.customer != \"alice\"|pay",
					"http.status = 500|pay", "http.status >= 400|pay,other", "fault|pay", "error|other",
					"!fault AND !error|orders", "responsetime > 1|pay", "responsetime < 0.1|other",
					"duration >= 0.2 AND service(\"front\")|orders,pay", "http.url CONTAINS \"/pay\"|pay",
					"http.method = \"GET\" OR fault|orders,pay,other", "SERVICE(\"front\") and not (fault)|orders",
					"service(\"nobody\")|" })
	void summariesWithFilterExpression(String expression, String expected) {
		putScenario();
		Map<String, String> names = Map.of(this.ordersTrace, "orders", this.payTrace, "pay", this.otherTrace, "other");
		List<String> matched = summaries(expression).traceSummaries()
			.stream()
			.map((summary) -> names.get(summary.id()))
			.sorted()
			.toList();
		List<String> wanted = (expected == null) ? List.of()
				: java.util.Arrays.stream(expected.split(",")).sorted().toList();
		assertThat(matched).isEqualTo(wanted);
	}

	@Test
	void summariesHonourTimeRange() {
		putScenario();
		Instant now = Instant.now();
		GetTraceSummariesResponse past = this.xray.getTraceSummaries(
				(request) -> request.startTime(now.minus(Duration.ofHours(2))).endTime(now.minus(Duration.ofHours(1))));
		assertThat(past.traceSummaries()).isEmpty();
		GetTraceSummariesResponse byEvent = this.xray
			.getTraceSummaries((request) -> request.startTime(now.minusSeconds(60))
				.endTime(now.plusSeconds(60))
				.timeRangeType(TimeRangeType.EVENT));
		assertThat(byEvent.traceSummaries()).hasSize(3);
	}

	@Test
	void invalidFilterExpressionIsRejected() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> summaries("bogus(1"))
			.satisfies((ex) -> {
				assertThat(ex.statusCode()).isEqualTo(400);
				assertThat(ex.awsErrorDetails().errorMessage()).contains("Invalid filter expression");
			});
	}

	@Test
	void batchGetTracesMergesIndependentSubsegments() {
		putScenario();
		String unknown = TestDocuments.traceId();
		BatchGetTracesResponse response = this.xray
			.batchGetTraces((request) -> request.traceIds(this.ordersTrace, unknown));
		assertThat(response.unprocessedTraceIds()).containsExactly(unknown);
		assertThat(response.traces()).singleElement().satisfies((trace) -> {
			assertThat(trace.id()).isEqualTo(this.ordersTrace);
			assertThat(trace.duration()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.001));
			assertThat(trace.limitExceeded()).isFalse();
			assertThat(trace.segments()).hasSize(2);
			Map<String, String> documents = trace.segments()
				.stream()
				.collect(Collectors.toMap((segment) -> segment.id(), (segment) -> segment.document()));
			JsonNode front = MAPPER.readTree(documents.values()
				.stream()
				.filter((document) -> document.contains("\"front\""))
				.findFirst()
				.orElseThrow());
			assertThat(front.path("subsegments").get(0).path("id").stringValue()).isEqualTo(this.orderCall);
			assertThat(MAPPER.readTree(documents.get(this.backSegment)).path("parent_id").stringValue())
				.isEqualTo(this.orderCall);
		});
	}

	@Test
	void serviceGraphShowsServicesResourcesAndEdges() {
		putScenario();
		Instant now = Instant.now();
		GetServiceGraphResponse graph = this.xray
			.getServiceGraph((request) -> request.startTime(now.minusSeconds(600)).endTime(now.plusSeconds(60)));
		Map<String, Service> services = graph.services()
			.stream()
			.collect(Collectors.toMap(Service::name, (service) -> service));
		assertThat(services).containsOnlyKeys("client", "front", "back", "DynamoDB", "other-svc");
		assertThat(services.get("client").type()).isEqualTo("client");
		assertThat(services.get("DynamoDB").type()).isEqualTo("AWS::DynamoDB");
		assertThat(services.get("front").root()).isTrue();
		assertThat(services.get("back").root()).isFalse();
		Map<Integer, String> names = graph.services()
			.stream()
			.collect(Collectors.toMap(Service::referenceId, Service::name));
		Map<String, Long> clientEdges = services.get("client")
			.edges()
			.stream()
			.collect(Collectors.toMap((edge) -> names.get(edge.referenceId()),
					(edge) -> edge.summaryStatistics().totalCount()));
		assertThat(clientEdges).containsExactlyInAnyOrderEntriesOf(Map.of("front", 2L, "other-svc", 1L));
		assertThat(services.get("front").edges()).extracting((edge) -> names.get(edge.referenceId()))
			.containsExactlyInAnyOrder("back", "DynamoDB");
		assertThat(services.get("front").summaryStatistics().faultStatistics().totalCount()).isEqualTo(1);
		assertThat(services.get("front").summaryStatistics().okCount()).isEqualTo(1);
		assertThat(services.get("other-svc").summaryStatistics().errorStatistics().totalCount()).isEqualTo(1);
	}

	@Test
	void samplingRulesIncludeConfiguredRulesAndDefaultLast() {
		GetSamplingRulesResponse response = this.xray.getSamplingRules((request) -> {
		});
		List<SamplingRule> rules = response.samplingRuleRecords()
			.stream()
			.map((record) -> record.samplingRule())
			.toList();
		assertThat(rules).extracting(SamplingRule::ruleName).containsExactly("orders", "Default");
		SamplingRule orders = rules.get(0);
		assertThat(orders.priority()).isEqualTo(10);
		assertThat(orders.fixedRate()).isEqualTo(0.5);
		assertThat(orders.reservoirSize()).isEqualTo(4);
		assertThat(orders.serviceName()).isEqualTo("front");
		assertThat(orders.urlPath()).isEqualTo("/orders*");
		assertThat(orders.version()).isEqualTo(1);
		SamplingRule fallback = rules.get(1);
		assertThat(fallback.priority()).isEqualTo(10000);
		assertThat(fallback.fixedRate()).isEqualTo(0.05);
		assertThat(fallback.reservoirSize()).isEqualTo(1);
		assertThat(fallback.resourceARN()).isEqualTo("*");
		assertThat(response.samplingRuleRecords().get(0).modifiedAt()).isBefore(Instant.now().plusSeconds(1));
	}

	@Test
	void samplingTargetsShareReservoirAmongClients() {
		GetSamplingTargetsResponse first = targets("aaaaaaaaaaaaaaaaaaaaaaaa", "orders", "nope");
		assertThat(first.samplingTargetDocuments()).singleElement().satisfies((target) -> {
			assertThat(target.ruleName()).isEqualTo("orders");
			assertThat(target.fixedRate()).isEqualTo(0.5);
			assertThat(target.reservoirQuota()).isEqualTo(4);
			assertThat(target.interval()).isEqualTo(10);
			assertThat(target.reservoirQuotaTTL()).isAfter(Instant.now());
		});
		assertThat(first.unprocessedStatistics()).singleElement()
			.satisfies((unprocessed) -> assertThat(unprocessed.ruleName()).isEqualTo("nope"));
		assertThat(first.lastRuleModification()).isBefore(Instant.now().plusSeconds(1));
		GetSamplingTargetsResponse second = targets("bbbbbbbbbbbbbbbbbbbbbbbb", "orders");
		assertThat(second.samplingTargetDocuments().get(0).reservoirQuota()).isEqualTo(2);
	}

	private GetSamplingTargetsResponse targets(String clientId, String... rules) {
		return this.xray
			.getSamplingTargets((request) -> request.samplingStatisticsDocuments(java.util.Arrays.stream(rules)
				.map((rule) -> software.amazon.awssdk.services.xray.model.SamplingStatisticsDocument.builder()
					.ruleName(rule)
					.clientID(clientId)
					.timestamp(Instant.now())
					.requestCount(10)
					.sampledCount(2)
					.borrowCount(1)
					.build())
				.toList()));
	}

	@Test
	void samplingTargetsRejectInvalidClientId() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> targets("short", "orders"))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = { "TraceSummaries|not json|SerializationException",
			"TraceSummaries|[1,2]|SerializationException", "TraceSummaries|{}|InvalidRequestException",
			"TraceSummaries|{\"StartTime\":\"yesterday\",\"EndTime\":1}|InvalidRequestException",
			"TraceSummaries|{\"StartTime\":2,\"EndTime\":1}|InvalidRequestException",
			"Traces|{\"TraceIds\":\"1-2-3\"}|InvalidRequestException",
			"TraceSegments|{\"TraceSegmentDocuments\":[{}]}|InvalidRequestException",
			"ServiceGraph|{\"StartTime\":1}|InvalidRequestException",
			"SamplingTargets|{\"SamplingStatisticsDocuments\":[{\"RuleName\":\"Default\"}]}|InvalidRequestException" })
	void malformedRequestsGetXRayErrorShape(String path, String body, String type) throws Exception {
		HttpResponse<String> response = post(path, body);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = MAPPER.readTree(response.body());
		assertThat(error.path("__type").stringValue()).isEqualTo(type);
		assertThat(error.path("message").stringValue()).isNotBlank();
		assertThat(response.body()).doesNotContain("at org.", "Exception:");
		assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
	}

	@Test
	void oversizedRequestBodyIsRefused() throws Exception {
		HttpResponse<String> response = post("TraceSegments",
				"{\"TraceSegmentDocuments\":[\"" + "x".repeat(70 * 1024) + "\"]}");
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(MAPPER.readTree(response.body()).path("__type").stringValue())
			.isEqualTo("RequestEntityTooLargeException");
	}

	@Test
	void statusReportsCounters() throws Exception {
		putScenario();
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray/console/status")).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode status = MAPPER.readTree(response.body());
		assertThat(status.path("receiver").path("running").booleanValue()).isTrue();
		assertThat(status.path("receiver").path("rejectedByReason").has("invalid-header")).isTrue();
		assertThat(status.path("store").path("traces").intValue()).isEqualTo(3);
		assertThat(status.path("sampling").path("rules").size()).isEqualTo(2);
	}

	@Test
	void uiIsServedUnderBasePath() throws Exception {
		HttpResponse<String> redirect = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("xray/");
		HttpResponse<String> index = get("/xray/");
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.body()).contains("X-Ray");
		assertThat(get("/xray/console.js").statusCode()).isEqualTo(200);
		assertThat(get("/xray/console.css").statusCode()).isEqualTo(200);
		// Nothing is served outside the base path.
		assertThat(get("/console.js").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray/" + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private GetTraceSummariesResponse summaries(String expression) {
		Instant now = Instant.now();
		return this.xray.getTraceSummaries((request) -> request.startTime(now.minusSeconds(600))
			.endTime(now.plusSeconds(60))
			.filterExpression(expression));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
