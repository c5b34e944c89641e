package org.xrayspring.autoconfigure.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.backoff.FixedBackOff;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * A Boot application with the auto-configurations and nothing else set up for tracing, a
 * real Kafka broker on loopback, a real {@link KafkaTemplate} and a real
 * {@link KafkaListener} on a topic of its own. The listener's error handler gives up on a
 * record at once, so a record that fails is processed once.
 */
@SpringBootTest(classes = KafkaTracingIntegrationTests.TestApplication.class,
		properties = { "spring.application.name=orders-service", "spring.kafka.consumer.auto-offset-reset=earliest",
				"logging.level.org.apache.kafka=warn", "logging.level.kafka=warn",
				"logging.level.org.springframework.kafka=warn" })
@AutoConfigureXRayTest(sampleAll = false)
class KafkaTracingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final String TOPIC = "xray-kafka-" + UUID.randomUUID();

	@Autowired
	private KafkaTemplate<String, String> kafkaTemplate;

	@Autowired
	private XRayRecorder recorder;

	@Autowired
	private InMemoryEmitter emitter;

	@Autowired
	private Listener listener;

	@Autowired
	private RecordingSamplingStrategy sampling;

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> LoopbackKafkaBroker.shared().bootstrapServers());
		registry.add("spring.kafka.consumer.group-id", () -> "xray-kafka-tests-" + UUID.randomUUID());
	}

	@BeforeEach
	void clear() {
		this.listener.received.clear();
		this.emitter.clear();
		this.sampling.requests.clear();
		this.sampling.declining.set(false);
	}

	@Test
	void aSendInATraceIsASubsegmentAndTheListenersSegmentItsChild() throws Exception {
		Segment producer = this.recorder.beginSegment("producer");
		this.kafkaTemplate.send(TOPIC, "hello").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		this.recorder.endSegment();
		Received received = this.listener.next();
		assertThat(received.traceId()).as("the consumer's segment is current in the listener")
			.isEqualTo(producer.getTraceId());

		RecordedTraces traces = traces(2);
		RecordedEntity send = traces.named(TOPIC);
		assertThat(send, traces).isSubsegment()
			.hasNamespace("remote")
			.hasTraceId(producer.getTraceId())
			.hasParentId(producer.getId())
			.hasMetadata("messaging", "system", "Kafka")
			.hasMetadata("messaging", "operation", "publish")
			.hasMetadata("messaging", "destination", TOPIC)
			.isNotFault();
		RecordedEntity consumer = traces.named("orders-service");
		assertThat(consumer, traces).isSegment()
			.hasTraceId(producer.getTraceId())
			.hasParentId(send.id())
			.hasMetadata("messaging", "system", "Kafka")
			.hasMetadata("messaging", "operation", "process")
			.hasMetadata("messaging", "destination", TOPIC)
			.hasChildNamed("inventory")
			.isNotFault();
		assertThat(received.headers())
			.containsExactly("Root=" + producer.getTraceId() + ";Parent=" + send.id() + ";Sampled=1");
		assertThat(traces.allNamed("spring.kafka.template")).as("not recorded twice").isEmpty();
		assertThat(traces.allNamed("spring.kafka.listener")).isEmpty();
		assertThat(traces.allNamed(TOPIC + " send")).isEmpty();
		assertThat(traces.allNamed(TOPIC + " process")).isEmpty();
		assertThat(traces.allNamed(TOPIC + " receive")).isEmpty();
	}

	@Test
	void aListenerThatThrowsRecordsAFaultAndTheApplicationKeepsWorking() throws Exception {
		Segment producer = this.recorder.beginSegment("producer");
		this.kafkaTemplate.send(TOPIC, "fail").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		this.recorder.endSegment();
		assertThat(this.listener.next().value()).isEqualTo("fail");
		RecordedTraces traces = traces(2);
		assertThat(traces.named("orders-service"), traces).hasTraceId(producer.getTraceId())
			.isFault()
			.hasException(IllegalStateException.class);
		assertThat(traces.named(TOPIC), traces).as("the send itself succeeded").isNotFault();

		this.emitter.clear();
		this.kafkaTemplate.send(TOPIC, "after").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.listener.next().value()).as("the failed record is not redelivered").isEqualTo("after");
		RecordedTraces after = traces(1);
		assertThat(after.named("orders-service"), after).isNotFault();
	}

	@Test
	void anUnsampledProducerYieldsNoConsumerSegment() throws Exception {
		Segment unsampled = this.recorder.beginSegment("producer",
				TraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0"),
				new SamplingRequest(null, null, null, "producer"));
		assertThat(unsampled.isSampled()).isFalse();
		this.kafkaTemplate.send(TOPIC, "unsampled").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		this.recorder.endSegment();
		Received received = this.listener.next();
		assertThat(received.headers()).singleElement().asString().endsWith(";Sampled=0");
		assertThat(received.traceId()).isEqualTo(unsampled.getTraceId());
		// one partition, one consumer: once the next record is recorded, the first was
		// handled
		this.kafkaTemplate.send(TOPIC, "next").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.listener.next().value()).isEqualTo("next");
		RecordedTraces traces = traces(1);
		assertThat(traces.traceIds()).hasSize(1).doesNotContain(unsampled.getTraceId());
	}

	@Test
	void aSendOutsideATraceCarriesNoHeaderAndTheListenerBeginsANewTraceSampledByTheStrategy() throws Exception {
		this.kafkaTemplate.send(TOPIC, "untraced").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		Received received = this.listener.next();
		assertThat(received.headers()).isEmpty();
		RecordedTraces traces = traces(1);
		RecordedEntity consumer = traces.named("orders-service");
		assertThat(consumer.parentId()).isNull();
		assertThat(consumer.traceId()).isEqualTo(received.traceId());
		assertThat(this.sampling.requests).as("the strategy was asked, with the service name")
			.extracting(SamplingRequest::serviceName)
			.containsExactly("orders-service");
	}

	@Test
	void aNewTraceTheStrategyDeclinesIsNotRecorded() throws Exception {
		this.sampling.declining.set(true);
		this.kafkaTemplate.send(TOPIC, "declined").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		Received declined = this.listener.next();
		assertThat(declined.value()).isEqualTo("declined");
		this.sampling.declining.set(false);
		this.kafkaTemplate.send(TOPIC, "next").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		Received next = this.listener.next();
		RecordedTraces traces = traces(1);
		assertThat(traces.traceIds()).containsExactly(next.traceId());
		assertThat(this.sampling.requests).hasSize(2);
	}

	@Test
	void theProducersHeaderReplacesAForgedOne() throws Exception {
		String forged = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
		ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, "forged");
		record.headers().add(TraceHeader.HEADER_NAME, forged.getBytes(StandardCharsets.UTF_8));
		Segment producer = this.recorder.beginSegment("producer");
		this.kafkaTemplate.send(record).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		this.recorder.endSegment();
		Received received = this.listener.next();
		RecordedTraces traces = traces(2);
		RecordedEntity send = traces.named(TOPIC);
		assertThat(received.headers())
			.containsExactly("Root=" + producer.getTraceId() + ";Parent=" + send.id() + ";Sampled=1");
		assertThat(traces.named("orders-service"), traces).hasTraceId(producer.getTraceId()).hasParentId(send.id());
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "Root=1-zz;Parent=;Sampled=1", "oversized", "not-utf-8", "empty", "null" })
	void aHostileHeaderBeginsANewTrace(String kind) throws Exception {
		String root = "1-5759e988-bd862e3fe1be46a994272793";
		byte[] value = switch (kind) {
			case "oversized" -> ("Root=" + root + ";Parent=53995c3f42cd8ad8;Sampled=1;" + "x".repeat(100_000))
				.getBytes(StandardCharsets.UTF_8);
			case "not-utf-8" -> new byte[] { (byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28 };
			case "empty" -> new byte[0];
			case "null" -> null;
			default -> kind.getBytes(StandardCharsets.UTF_8);
		};
		ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, "hostile");
		record.headers().add(TraceHeader.HEADER_NAME, value);
		this.kafkaTemplate.send(record).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		Received received = this.listener.next();
		assertThat(received.value()).isEqualTo("hostile");
		RecordedTraces traces = traces(1);
		RecordedEntity consumer = traces.named("orders-service");
		assertThat(consumer.parentId()).isNull();
		assertThat(consumer.traceId()).isEqualTo(received.traceId()).isNotEqualTo(root);
		assertThat(consumer, traces).isNotFault();
	}

	private RecordedTraces traces(int documents) {
		this.emitter.awaitDocuments(documents, WAIT);
		return this.emitter.traces();
	}

	/**
	 * What the listener saw: the value, the trace headers (decoded; {@code <null>} for a
	 * header without value) and the trace current while it ran.
	 */
	record Received(String value, List<String> headers, @Nullable String traceId) {

	}

	static class Listener {

		final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

		private final XRayRecorder recorder;

		Listener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@KafkaListener(topics = "#{@xrayTestTopic.name()}")
		public void receive(ConsumerRecord<String, String> record) {
			List<String> headers = new CopyOnWriteArrayList<>();
			for (Header header : record.headers().headers(TraceHeader.HEADER_NAME)) {
				headers.add((header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : "<null>");
			}
			if ("hello".equals(record.value())) {
				Subsegment work = this.recorder.beginSubsegment("inventory");
				work.end();
			}
			this.received.add(new Received(record.value(), headers, this.recorder.getCurrentTraceId()));
			if ("fail".equals(record.value())) {
				throw new IllegalStateException("cannot process the order");
			}
		}

		Received next() throws InterruptedException {
			Received next = this.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(next).as("a record received").isNotNull();
			return next;
		}

	}

	/**
	 * Samples every new trace unless told to decline, and remembers what it was asked.
	 */
	static class RecordingSamplingStrategy implements SamplingStrategy {

		final List<SamplingRequest> requests = new CopyOnWriteArrayList<>();

		final AtomicBoolean declining = new AtomicBoolean();

		@Override
		public boolean shouldTrace(SamplingRequest request) {
			this.requests.add(request);
			return !this.declining.get();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listener.class)
	static class TestApplication {

		@Bean
		NewTopic xrayTestTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

		@Bean
		DefaultErrorHandler kafkaErrorHandler() {
			// no retry: a record that fails is handed to the recoverer (logged) at once
			return new DefaultErrorHandler(new FixedBackOff(0, 0));
		}

		@Bean
		RecordingSamplingStrategy recordingSamplingStrategy() {
			return new RecordingSamplingStrategy();
		}

	}

}
