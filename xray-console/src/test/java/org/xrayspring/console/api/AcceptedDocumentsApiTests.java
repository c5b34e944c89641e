package org.xrayspring.console.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xrayspring.console.TestDocuments;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.BatchGetTracesResponse;
import software.amazon.awssdk.services.xray.model.Segment;
import software.amazon.awssdk.services.xray.model.TraceSummary;
import software.amazon.awssdk.services.xray.model.UnprocessedTraceSegment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the store accepts, however unusual, is summarized, filtered, returned and
 * mapped by the X-Ray API without an error: every accepted document below goes through
 * PutTraceSegments and then through GetTraceSummaries (with and without a filter),
 * BatchGetTraces and GetServiceGraph with the AWS SDK v2 client.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-enabled=false" })
class AcceptedDocumentsApiTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String FILTER = "service(\"odd\") OR annotation.k = 1 OR http.status >= 200 OR fault OR "
			+ "http.url CONTAINS \"x\" OR user = \"u\" OR responsetime > 0 OR duration > 0";

	@LocalServerPort
	private int port;

	private XRayClient xray;

	@BeforeEach
	void createClient() {
		this.xray = ConsoleXRayClients.embedded(this.port);
	}

	@AfterEach
	void closeClient() {
		this.xray.close();
	}

	static Stream<Arguments> acceptedDocuments() {
		String child = "{\"id\":\"" + TestDocuments.id() + "\",\"name\":\"c\",\"start_time\":1.7e9";
		return Stream.of(Arguments.of("optional fields null",
				"\"http\":null,\"aws\":null,\"sql\":null,\"service\":null,\"annotations\":null,"
						+ "\"metadata\":null,\"cause\":null,\"subsegments\":null,\"fault\":null,\"error\":null,"
						+ "\"throttle\":null,\"namespace\":null,\"origin\":null,\"user\":null,\"parent_id\":null,"
						+ "\"precursor_ids\":null,\"in_progress\":null"),
				Arguments.of("optional objects empty",
						"\"http\":{\"request\":{},\"response\":{}},\"aws\":{},\"annotations\":{},\"metadata\":{},"
								+ "\"cause\":{},\"subsegments\":[]"),
				Arguments.of("http parts null", "\"http\":{\"request\":null,\"response\":{\"status\":null}}"),
				Arguments.of("embedded subsegments in progress or without end",
						"\"subsegments\":[" + child + ",\"in_progress\":true}," + child + "}," + child
								+ ",\"end_time\":null,\"namespace\":\"aws\",\"sql\":{}}]"),
				Arguments.of("cause by id and exceptions without stack",
						"\"fault\":true,\"cause\":\"0123456789abcdef\",\"subsegments\":[" + child
								+ ",\"end_time\":1.7e9,\"cause\":{\"exceptions\":[{\"id\":\"0123456789abcdef\"},"
								+ "{\"stack\":[{}],\"truncated\":3}],\"paths\":[]}}]"),
				Arguments.of("annotation values of every kind",
						"\"annotations\":{\"s\":\"x\",\"k\":1,\"f\":1.5,\"b\":true,\"z\":null,\"big\":1e300,"
								+ "\"neg\":-12345678901234567890}"),
				Arguments.of("subsegments nested to the limit", "\"subsegments\":[" + nested(child, 64) + "]"),
				Arguments.of("unicode and long values",
						"\"user\":\"ünïcødé ☃\",\"http\":{\"request\":{\"url\":\"http://x/" + "é".repeat(10_000)
								+ "\"},\"response\":{\"status\":999}}"),
				Arguments.of("segment calling its own subsegment",
						"\"parent_id\":\"0123456789abcdef\",\"subsegments\":[{\"id\":\"0123456789abcdef\","
								+ "\"name\":\"self\",\"namespace\":\"remote\",\"start_time\":1.7e9,\"end_time\":1.7e9}]"),
				Arguments.of("extreme and inverted times", "\"subsegments\":[{\"id\":\"" + TestDocuments.id()
						+ "\",\"name\":\"t\",\"start_time\":1e15," + "\"end_time\":0}]"));
	}

	private static String nested(String child, int depth) {
		return (depth == 1) ? child + ",\"end_time\":1.7e9}"
				: child + ",\"end_time\":1.7e9,\"subsegments\":[" + nested(child, depth - 1) + "]}";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acceptedDocuments")
	void everyOperationAnswersForWhatTheStoreAccepted(String description, String members) {
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		String segment = TestDocuments.segment(traceId, TestDocuments.id(), "odd", now, now + 0.1, members);
		put(List.of(segment));
		assertAnswers(traceId, 1);
	}

	@Test
	void putReportsDocumentsOfTheWrongShape() {
		String id = TestDocuments.id();
		double now = TestDocuments.now();
		List<UnprocessedTraceSegment> unprocessed = this.xray
			.putTraceSegments((request) -> request.traceSegmentDocuments(TestDocuments.segment(TestDocuments.traceId(),
					id, "odd", now, now + 1, "\"subsegments\":\"oops\"")))
			.unprocessedTraceSegments();
		assertThat(unprocessed).singleElement().satisfies((entry) -> {
			assertThat(entry.id()).isEqualTo(id);
			assertThat(entry.errorCode()).isEqualTo("InvalidField");
			assertThat(entry.message()).contains("'subsegments' must be an array of objects");
		});
	}

	@Test
	void independentSubsegmentsReferringToEachOtherOrToNobody() {
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		String a = TestDocuments.id();
		String b = TestDocuments.id();
		put(List.of(TestDocuments.subsegment(traceId, b, a, "a", now, now + 1, "\"namespace\":\"remote\""),
				TestDocuments.subsegment(traceId, a, b, "b", now, now + 1, "\"namespace\":\"aws\""),
				TestDocuments.subsegment(traceId, TestDocuments.id(), TestDocuments.id(), "orphan", now, now + 1, "")));
		assertAnswers(traceId, 3);
	}

	@Test
	void longChainOfIndependentSubsegmentsIsReturnedWithoutExceedingNestingLimits() {
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		String parent = TestDocuments.id();
		List<String> documents = new ArrayList<>();
		documents.add(TestDocuments.segment(traceId, parent, "odd", now, now + 1, ""));
		for (int i = 0; i < 600; i++) {
			String id = TestDocuments.id();
			documents.add(TestDocuments.subsegment(traceId, parent, id, "s" + i, now + i / 1000.0, now + 1, ""));
			parent = id;
		}
		for (int i = 0; i < documents.size(); i += 100) {
			put(documents.subList(i, Math.min(documents.size(), i + 100)));
		}
		BatchGetTracesResponse response = assertAnswers(traceId, 1);
		// Merged as deep as readers allow, the rest returned on their own; nothing is
		// lost.
		List<Segment> segments = response.traces().get(0).segments();
		assertThat(segments.size()).isGreaterThan(1);
		assertThat(segments.stream().mapToInt((segment) -> count(MAPPER.readTree(segment.document()))).sum())
			.isEqualTo(601);
	}

	private static int count(JsonNode document) {
		int count = 1;
		for (JsonNode child : document.path("subsegments")) {
			count += count(child);
		}
		return count;
	}

	private void put(List<String> documents) {
		assertThat(this.xray.putTraceSegments((request) -> request.traceSegmentDocuments(documents))
			.unprocessedTraceSegments()).isEmpty();
	}

	private BatchGetTracesResponse assertAnswers(String traceId, int minimumDocuments) {
		Instant now = Instant.now();
		List<TraceSummary> all = this.xray
			.getTraceSummaries((request) -> request.startTime(now.minusSeconds(600)).endTime(now.plusSeconds(60)))
			.traceSummaries();
		assertThat(all).extracting(TraceSummary::id).contains(traceId);
		this.xray.getTraceSummaries((request) -> request.startTime(now.minusSeconds(600))
			.endTime(now.plusSeconds(60))
			.filterExpression(FILTER));
		BatchGetTracesResponse traces = this.xray.batchGetTraces((request) -> request.traceIds(traceId));
		assertThat(traces.traces()).singleElement()
			.satisfies((trace) -> assertThat(trace.segments()).hasSizeGreaterThanOrEqualTo(minimumDocuments)
				.allSatisfy((segment) -> assertThat(MAPPER.readTree(segment.document()).isObject()).isTrue()));
		assertThat(this.xray
			.getServiceGraph((request) -> request.startTime(now.minusSeconds(600)).endTime(now.plusSeconds(60)))
			.services()).isNotEmpty();
		return traces;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
