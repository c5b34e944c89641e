package org.xrayspring.recorder.sampling;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.SegmentDocumentWriter;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.ScriptedSamplingServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.rule;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.rules;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

/**
 * The recorder with a {@link CentralizedSamplingStrategy}: the rule that sampled a
 * segment is recorded in {@code aws.xray.rule_name}, the segment's origin is matched as
 * the service type, a trusted incoming decision still wins, the strategy's counters join
 * the recorder's, and closing the recorder stops the poller.
 */
class CentralizedSamplingRecorderTests {

	private final ScriptedSamplingServer server;

	private final List<String> documents = new CopyOnWriteArrayList<>();

	private final Emitter emitter = new Emitter() {

		@Override
		public void sendSegment(Segment segment) {
			CentralizedSamplingRecorderTests.this.documents.add(SegmentDocumentWriter.toJson(segment));
		}

		@Override
		public void sendSubsegment(Subsegment subsegment) {
			CentralizedSamplingRecorderTests.this.documents.add(SegmentDocumentWriter.toJson(subsegment));
		}

	};

	private final TestClock clock = TestClock.atSeconds(1000.0);

	private CentralizedSamplingStrategy strategy;

	private XRayRecorder recorder;

	CentralizedSamplingRecorderTests() throws IOException {
		this.server = new ScriptedSamplingServer();
	}

	@AfterEach
	void close() {
		if (this.recorder != null) {
			this.recorder.close();
		}
		this.server.close();
	}

	private void recorderWithRules(String origin, String... records) {
		this.server.always("/GetSamplingRules", Answer.json(rules(null, records)));
		this.strategy = CentralizedSamplingStrategy.builder(this.server.endpoint())
			.fallback(SamplingStrategy.never())
			.sources(this.clock, CentralizedSamplingFixtures.wallClock(this.clock), () -> 0.5)
			.timeouts(Duration.ofSeconds(20), Duration.ofSeconds(20))
			.build();
		assertThat(this.strategy.pollRules()).isTrue();
		this.recorder = XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(this.strategy)
			.origin(origin)
			.build();
	}

	private JsonNode record(String name, String path, TraceHeader incoming) {
		this.documents.clear();
		this.recorder.beginSegment(name, incoming, new SamplingRequest("api.example.com", "GET", path, name));
		this.recorder.endSegment();
		return this.documents.isEmpty() ? null : assertValidDocument(this.documents.get(0));
	}

	@Test
	void aSegmentSampledByARuleRecordsTheRuleNameAndValidatesAgainstTheSchema() {
		recorderWithRules("AWS::EC2::Instance",
				rule("ec2-orders", 1, 1.0, 0, "orders", "AWS::EC2::Instance", "*", "GET", "/orders/*"),
				rule("Default", 10000, 0.0, 0));
		JsonNode document = record("orders", "/orders/1", TraceHeader.empty());
		assertThat(document).isNotNull();
		assertThat(document.path("aws").path("xray").path("rule_name").asText()).isEqualTo("ec2-orders");
		assertThat(document.path("aws").path("xray").path("sdk").asText()).isEqualTo(XRayRecorder.SDK_NAME);
		assertThat(record("orders", "/other", TraceHeader.empty())).isNull();
		assertThat(record("billing", "/orders/1", TraceHeader.empty())).isNull();
	}

	@Test
	void theOriginIsTheServiceTypeAndEmptyWhenUnknown() {
		recorderWithRules(null, rule("ec2-only", 1, 1.0, 0, "*", "AWS::EC2::Instance", "*", "*", "*"),
				rule("Default", 10000, 0.0, 0));
		assertThat(record("orders", "/", TraceHeader.empty())).isNull();
	}

	@Test
	void aTrustedIncomingDecisionStillWinsAndNamesNoRule() {
		recorderWithRules(null, rule("Default", 10000, 0.0, 0));
		TraceHeader sampled = TraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
		JsonNode document = record("orders", "/", sampled);
		assertThat(document).isNotNull();
		assertThat(document.path("aws").path("xray").has("rule_name")).isFalse();
	}

	@Test
	void theLocalRulesNameNoRule() {
		this.strategy = CentralizedSamplingStrategy.builder(this.server.endpoint())
			.fallback(SamplingStrategy.always())
			.build();
		this.recorder = XRayRecorder.builder().emitter(this.emitter).samplingStrategy(this.strategy).build();
		JsonNode document = record("orders", "/", TraceHeader.empty());
		assertThat(document.path("aws").path("xray").has("rule_name")).isFalse();
	}

	@Test
	void theStrategysCountersJoinTheRecordersAndClosingTheRecorderStopsThePoller() {
		this.server.always("/GetSamplingRules", Answer.json(rules(null, rule("Default", 10000, 1.0, 0))));
		this.strategy = CentralizedSamplingStrategy.builder(this.server.endpoint()).build();
		this.recorder = XRayRecorder.builder().emitter(this.emitter).samplingStrategy(this.strategy.start()).build();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.recorder.counters().get("sampling.rules.fetches") == 1L);
		assertThat(this.recorder.counters()).containsKeys("segments.begun", "sampling.rules.fetches",
				"sampling.targets.fetches", "sampling.failures", "sampling.rules.active");
		assertThat(this.recorder.counters()).containsEntry("sampling.rules.active", 1L);
		this.recorder.close();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().equals(CentralizedSamplingStrategy.THREAD_NAME)));
	}

	@Test
	void aLocalStrategyAddsNoCounters() {
		this.recorder = XRayRecorder.builder().emitter(this.emitter).build();
		assertThat(this.recorder.counters().keySet()).noneMatch((name) -> name.startsWith("sampling."));
	}

}
