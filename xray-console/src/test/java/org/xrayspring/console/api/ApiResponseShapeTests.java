package org.xrayspring.console.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xrayspring.console.receiver.ReceiverCounters;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.ServedSamplingRule;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.store.TraceStore;

import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact bytes of every API response, field order included: the AWS SDKs and CLI parse
 * these shapes, and the web UI reads the status, so no refactoring may change them.
 * Documents, ids and clocks are fixed; each expected body is a file under
 * {@code response-shapes/} next to this class.
 *
 * @author xray-spring-boot
 */
class ApiResponseShapeTests {

	private static final Instant NOW = Instant.ofEpochSecond(1_700_000_100, 250_000_000);

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	private static final String ORDERS = "1-6553f100-000000000000000000000001";

	private static final String PAY = "1-6553f100-000000000000000000000002";

	private static final String THROTTLED = "1-6553f101-000000000000000000000003";

	private static final String ORPHAN = "1-6553f101-000000000000000000000004";

	private static final String RUNNING = "1-6553f102-000000000000000000000005";

	private static final String WINDOW = "\"StartTime\":1699999000,\"EndTime\":1700001000";

	private final TraceStore store = new TraceStore(100, 100, DataSize.ofMegabytes(4).toBytes(), CLOCK);

	private final SamplingRules samplingRules = new SamplingRules(List.of(new ServedSamplingRule("orders", 10, 0.5, 4,
			"front", "*", "*", "GET", "/orders*", "*", Map.of("team", "a"))), ServedSamplingRule.defaultRule(0.05, 1),
			CLOCK);

	private final RouterFunction<ServerResponse> routes = routes(this.store, null);

	private RouterFunction<ServerResponse> routes(TraceStore traceStore, XRayConsoleReceiver receiver) {
		return new XRayConsoleRoutes(new XRayConsoleRoutes.Settings("/xray", 1024 * 1024, false), traceStore,
				this.samplingRules, receiver, CLOCK)
			.routerFunction();
	}

	/**
	 * Five traces: GET /orders through front (EC2, embedded calls to back, DynamoDB and a
	 * database) and back (with an independent subsegment), a faulting POST /pay, a
	 * throttled GET, an orphan independent subsegment and a segment still in progress;
	 * plus two documents the API refuses.
	 */
	private static String scenario() {
		String ordersFront = "{\"trace_id\":\"" + ORDERS + "\",\"id\":\"a000000000000001\",\"name\":\"front\","
				+ "\"origin\":\"AWS::EC2::Instance\",\"start_time\":1700000000.1,\"end_time\":1700000000.3,"
				+ "\"user\":\"alice\",\"http\":{\"request\":{\"method\":\"GET\",\"url\":\"http://shop/orders\","
				+ "\"user_agent\":\"curl/8\",\"client_ip\":\"10.0.0.9\"},\"response\":{\"status\":200}},"
				+ "\"annotations\":{\"customer\":\"alice\",\"tier\":3,\"vip\":true,\"none\":null},"
				+ "\"subsegments\":[{\"id\":\"a000000000000002\",\"name\":\"back\",\"namespace\":\"remote\","
				+ "\"start_time\":1700000000.11,\"end_time\":1700000000.26},"
				+ "{\"id\":\"a000000000000003\",\"name\":\"DynamoDB\",\"namespace\":\"aws\","
				+ "\"start_time\":1700000000.26,\"end_time\":1700000000.27,\"throttle\":true,\"error\":true},"
				+ "{\"id\":\"a000000000000004\",\"name\":\"orders@db\",\"start_time\":1700000000.27,"
				+ "\"end_time\":1700000000.29,\"sql\":{\"url\":\"jdbc:h2:mem:orders\"}}]}";
		String ordersBack = "{\"trace_id\":\"" + ORDERS + "\",\"id\":\"b000000000000001\",\"name\":\"back\","
				+ "\"parent_id\":\"a000000000000002\",\"start_time\":1700000000.12,\"end_time\":1700000000.25,"
				+ "\"annotations\":{\"customer\":\"alice\"}}";
		String ordersCache = "{\"type\":\"subsegment\",\"trace_id\":\"" + ORDERS + "\",\"id\":\"b000000000000002\","
				+ "\"parent_id\":\"b000000000000001\",\"name\":\"cache\",\"namespace\":\"remote\","
				+ "\"start_time\":1700000000.13,\"end_time\":1700000000.14}";
		String pay = "{\"trace_id\":\"" + PAY + "\",\"id\":\"c000000000000001\",\"name\":\"front\","
				+ "\"start_time\":1700000000.5,\"end_time\":1700000002.0,\"fault\":true,"
				+ "\"http\":{\"request\":{\"method\":\"POST\",\"url\":\"http://shop/pay\"},"
				+ "\"response\":{\"status\":500}}}";
		String throttled = "{\"trace_id\":\"" + THROTTLED + "\",\"id\":\"d000000000000001\",\"name\":\"other\","
				+ "\"start_time\":1700000001.5,\"end_time\":1700000001.51,\"error\":true,\"throttle\":true,"
				+ "\"http\":{\"response\":{\"status\":429}}}";
		String orphan = "{\"type\":\"subsegment\",\"trace_id\":\"" + ORPHAN + "\",\"id\":\"e000000000000001\","
				+ "\"parent_id\":\"e000000000000009\",\"name\":\"lost\",\"namespace\":\"aws\","
				+ "\"start_time\":1700000001.7,\"end_time\":1700000001.8}";
		String running = "{\"trace_id\":\"" + RUNNING + "\",\"id\":\"f000000000000001\",\"name\":\"slow\","
				+ "\"start_time\":1700000002.5,\"in_progress\":true}";
		String badTraceId = "{\"trace_id\":\"1-abc\",\"id\":\"0000000000000bad\",\"name\":\"x\",\"start_time\":1,"
				+ "\"end_time\":2}";
		return "{\"TraceSegmentDocuments\":[" + quote(ordersFront) + "," + quote(ordersBack) + "," + quote(ordersCache)
				+ "," + quote(pay) + "," + quote(throttled) + "," + quote(orphan) + "," + quote(running) + ","
				+ quote(badTraceId) + ",\"not json\"," + quote("x".repeat(65 * 1024)) + "]}";
	}

	private static String quote(String document) {
		return "\"" + document.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	@Test
	void putTraceSegments() throws Exception {
		assertShape("put-trace-segments", post("/xray/TraceSegments", scenario()));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'',
			value = { "trace-summaries|{" + WINDOW + "}",
					"trace-summaries-filtered|{" + WINDOW + ",\"FilterExpression\":\"service(\\\"back\\\") OR fault\"}",
					"trace-summaries-by-event|{" + WINDOW + ",\"TimeRangeType\":\"Event\"}",
					"trace-summaries-empty|{\"StartTime\":1,\"EndTime\":2}" })
	void getTraceSummaries(String shape, String body) throws Exception {
		post("/xray/TraceSegments", scenario());
		assertShape(shape, post("/xray/TraceSummaries", body));
	}

	@Test
	void batchGetTraces() throws Exception {
		post("/xray/TraceSegments", scenario());
		assertShape("batch-get-traces", post("/xray/Traces", "{\"TraceIds\":[\"" + ORDERS + "\",\"" + ORPHAN
				+ "\",\"1-6553f100-00000000000000000000000f\",\"" + ORDERS.toUpperCase() + "\",\"" + RUNNING + "\"]}"));
	}

	@Test
	void batchGetTracesPagesBySize() throws Exception {
		post("/xray/TraceSegments", scenario());
		long largest = this.store.getTraces()
			.stream()
			.mapToLong((trace) -> trace.getRetainedSize())
			.max()
			.orElseThrow();
		TraceStore small = new TraceStore(100, 100, 4 * (largest + 1), CLOCK);
		RouterFunction<ServerResponse> smallRoutes = routes(small, null);
		post(smallRoutes, "/xray/TraceSegments", scenario());
		String ids = "{\"TraceIds\":[\"" + ORDERS + "\",\"" + PAY + "\",\"" + THROTTLED + "\"]";
		assertShape("batch-get-traces-page-1", post(smallRoutes, "/xray/Traces", ids + "}"));
		assertShape("batch-get-traces-page-2", post(smallRoutes, "/xray/Traces", ids + ",\"NextToken\":\"1\"}"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			value = { "service-graph|{" + WINDOW + "}", "service-graph-empty|{\"StartTime\":1,\"EndTime\":2}" })
	void getServiceGraph(String shape, String body) throws Exception {
		post("/xray/TraceSegments", scenario());
		assertShape(shape, post("/xray/ServiceGraph", body));
	}

	@Test
	void getSamplingRules() throws Exception {
		assertShape("sampling-rules", post("/xray/GetSamplingRules", "{}"));
	}

	@Test
	void getSamplingTargets() throws Exception {
		String document = "{\"RuleName\":\"%s\",\"ClientID\":\"aaaaaaaaaaaaaaaaaaaaaaaa\",\"Timestamp\":1700000100,"
				+ "\"RequestCount\":10,\"SampledCount\":2,\"BorrowCount\":1}";
		assertShape("sampling-targets", post("/xray/SamplingTargets", "{\"SamplingStatisticsDocuments\":["
				+ document.formatted("orders") + "," + document.formatted("nope") + "]}"));
	}

	@Test
	void putTelemetryRecordsAndClear() throws Exception {
		assertShape("empty", post("/xray/TelemetryRecords", "{\"TelemetryRecords\":[{},{}]}"));
		post("/xray/TraceSegments", scenario());
		assertShape("empty", post("/xray/console/clear", ""));
		assertThat(this.store.getStats().traces()).isZero();
	}

	@Test
	void statusWithoutReceiver() throws Exception {
		post("/xray/TraceSegments", scenario());
		post("/xray/TelemetryRecords", "{\"TelemetryRecords\":[{},{}]}");
		post("/xray/SamplingTargets",
				"{\"SamplingStatisticsDocuments\":[{\"RuleName\":\"orders\","
						+ "\"ClientID\":\"aaaaaaaaaaaaaaaaaaaaaaaa\",\"Timestamp\":1700000100,\"RequestCount\":10,"
						+ "\"SampledCount\":2,\"BorrowCount\":1}]}");
		assertShape("status-without-receiver", get(this.routes, "/xray/console/status"));
	}

	@Test
	void statusWithReceiver() throws Exception {
		XRayConsoleReceiver receiver = new XRayConsoleReceiver(new InetSocketAddress("127.0.0.1", 0), null, 10,
				1024 * 1024, this.store, new ReceiverCounters());
		assertShape("status-with-receiver", get(routes(this.store, receiver), "/xray/console/status"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'',
			value = { "error-not-json|/xray/TraceSummaries|not json", "error-not-object|/xray/TraceSummaries|[1]",
					"error-no-start|/xray/TraceSummaries|{\"EndTime\":1}",
					"error-window|/xray/ServiceGraph|{\"StartTime\":2,\"EndTime\":1}",
					"error-range-type|/xray/TraceSummaries|{" + WINDOW + ",\"TimeRangeType\":\"Day\"}",
					"error-next-token|/xray/Traces|{\"TraceIds\":[],\"NextToken\":\"-1\"}",
					"error-document-type|/xray/TraceSegments|{\"TraceSegmentDocuments\":[1]}",
					"error-client-id|/xray/SamplingTargets|{\"SamplingStatisticsDocuments\":[{\"RuleName\":\"a\","
							+ "\"ClientID\":\"short\",\"Timestamp\":1,\"RequestCount\":1,\"SampledCount\":1}]}" })
	void errors(String shape, String path, String body) throws Exception {
		Exchange exchange = post(path, body);
		assertThat(exchange.status()).isEqualTo(400);
		assertShape(shape, exchange);
	}

	@Test
	void errorForLargeBody() throws Exception {
		Exchange exchange = post("/xray/TraceSegments",
				"{\"TraceSegmentDocuments\":[" + quote("x".repeat(1024 * 1024)) + "]}");
		assertThat(exchange.status()).isEqualTo(413);
		assertShape("error-too-large", exchange);
	}

	@Test
	void errorFromTheGuard() throws Exception {
		MockHttpServletRequest request = request("POST", "/xray/TraceSummaries", "{}");
		request.setContentType("text/plain");
		Exchange exchange = exchange(this.routes, request);
		assertThat(exchange.status()).isEqualTo(415);
		assertShape("error-media-type", exchange);
	}

	private void assertShape(String name, Exchange exchange) throws IOException {
		assertThat(exchange.contentType()).isEqualTo("application/json");
		if (exchange.status() != 200) {
			assertThat(exchange.errorType()).isNotNull();
		}
		try (InputStream expected = getClass().getResourceAsStream("response-shapes/" + name + ".json")) {
			assertThat(expected).as(name).isNotNull();
			assertThat(exchange.body()).as(name)
				.isEqualTo(new String(expected.readAllBytes(), StandardCharsets.UTF_8).stripTrailing());
		}
	}

	private Exchange post(String path, String body) throws Exception {
		return post(this.routes, path, body);
	}

	private static Exchange post(RouterFunction<ServerResponse> routes, String path, String body) throws Exception {
		return exchange(routes, request("POST", path, body));
	}

	private static Exchange get(RouterFunction<ServerResponse> routes, String path) throws Exception {
		return exchange(routes, request("GET", path, null));
	}

	private static MockHttpServletRequest request(String method, String path, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setRemoteAddr("127.0.0.1");
		request.addHeader("Host", "127.0.0.1:2000");
		if (body != null) {
			request.setContentType("application/json");
			request.setContent(body.getBytes(StandardCharsets.UTF_8));
		}
		return request;
	}

	private static Exchange exchange(RouterFunction<ServerResponse> routes, MockHttpServletRequest servletRequest)
			throws Exception {
		List<HttpMessageConverter<?>> converters = List.of(new ByteArrayHttpMessageConverter());
		ServerRequest request = ServerRequest.create(servletRequest, converters);
		HandlerFunction<ServerResponse> handler = routes.route(request).orElseThrow();
		MockHttpServletResponse response = new MockHttpServletResponse();
		handler.handle(request).writeTo(servletRequest, response, () -> converters);
		return new Exchange(response.getStatus(), response.getContentType(), response.getHeader("x-amzn-ErrorType"),
				response.getContentAsString(StandardCharsets.UTF_8));
	}

	private record Exchange(int status, String contentType, String errorType, String body) {
	}

}
