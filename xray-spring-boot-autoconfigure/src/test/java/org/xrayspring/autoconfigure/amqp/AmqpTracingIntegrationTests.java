package org.xrayspring.autoconfigure.amqp;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * A Boot application with the auto-configurations, a real RabbitMQ broker on
 * 127.0.0.1:5672, a real {@link RabbitTemplate} and a real {@code @RabbitListener} on a
 * queue of its own.
 */
@SpringBootTest(classes = AmqpTracingIntegrationTests.TestApplication.class,
		properties = { "spring.application.name=orders-service", "spring.rabbitmq.host=127.0.0.1",
				"spring.rabbitmq.port=5672", "spring.rabbitmq.listener.simple.default-requeue-rejected=false" })
@AutoConfigureXRayTest
class AmqpTracingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	private RabbitTemplate rabbitTemplate;

	@Autowired
	private XRayRecorder recorder;

	@Autowired
	private InMemoryEmitter emitter;

	@Autowired
	private Queue queue;

	@Autowired
	private Listener listener;

	@BeforeEach
	void clear() {
		this.listener.received.clear();
	}

	@Test
	void aSendInATraceIsASubsegmentAndTheListenersSegmentItsChild() throws Exception {
		Segment producer = this.recorder.beginSegment("producer");
		this.rabbitTemplate.convertAndSend("", this.queue.getName(), "hello");
		this.recorder.endSegment();
		Received received = this.listener.next();
		assertThat(received.traceId()).as("the consumer's segment is current in the listener")
			.isEqualTo(producer.getTraceId());

		RecordedTraces traces = traces(2);
		RecordedEntity send = traces.named(this.queue.getName());
		assertThat(send, traces).isSubsegment()
			.hasNamespace("remote")
			.hasTraceId(producer.getTraceId())
			.hasParentId(producer.getId())
			.hasMetadata("messaging", "system", "RabbitMQ")
			.hasMetadata("messaging", "operation", "publish");
		RecordedEntity consumer = traces.named("orders-service");
		assertThat(consumer, traces).isSegment()
			.hasTraceId(producer.getTraceId())
			.hasParentId(send.id())
			.hasMetadata("messaging", "destination", this.queue.getName())
			.hasMetadata("messaging", "operation", "process")
			.isNotFault();
		assertThat(received.header())
			.isEqualTo("Root=" + producer.getTraceId() + ";Parent=" + send.id() + ";Sampled=1");
		assertThat(traces.allNamed("spring.rabbit.template")).as("not recorded twice").isEmpty();
		assertThat(traces.allNamed("spring.rabbit.listener")).isEmpty();
	}

	@Test
	void aListenerThatThrowsRecordsAFaultAndTheApplicationKeepsWorking() throws Exception {
		Segment producer = this.recorder.beginSegment("producer");
		this.rabbitTemplate.convertAndSend("", this.queue.getName(), "fail");
		this.recorder.endSegment();
		assertThat(this.listener.next().body()).isEqualTo("fail");
		RecordedTraces traces = traces(2);
		assertThat(traces.named("orders-service"), traces).hasTraceId(producer.getTraceId())
			.isFault()
			.hasException(IllegalStateException.class);

		this.emitter.clear();
		this.rabbitTemplate.convertAndSend("", this.queue.getName(), "after");
		assertThat(this.listener.next().body()).isEqualTo("after");
		assertThat(traces(1).named("orders-service"), traces(1)).isNotFault();
	}

	@Test
	void anUnsampledProducerYieldsNoConsumerSegment() throws Exception {
		Segment unsampled = this.recorder.beginSegment("producer",
				TraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0"),
				new org.xrayspring.recorder.sampling.SamplingRequest(null, null, null, "producer"));
		assertThat(unsampled.isSampled()).isFalse();
		this.rabbitTemplate.convertAndSend("", this.queue.getName(), "unsampled");
		this.recorder.endSegment();
		Received received = this.listener.next();
		assertThat(received.header()).endsWith(";Sampled=0");
		assertThat(received.traceId()).isEqualTo(unsampled.getTraceId());
		// one queue, one consumer: once the next message is recorded, the first was
		// handled
		this.rabbitTemplate.convertAndSend("", this.queue.getName(), "next");
		this.listener.next();
		RecordedTraces traces = traces(1);
		assertThat(traces.traceIds()).doesNotContain(unsampled.getTraceId());
	}

	@Test
	void aSendOutsideATraceCarriesNoHeaderAndTheListenerBeginsANewTrace() throws Exception {
		this.rabbitTemplate.convertAndSend("", this.queue.getName(), "untraced");
		Received received = this.listener.next();
		assertThat(received.header()).isNull();
		RecordedTraces traces = traces(1);
		RecordedEntity consumer = traces.named("orders-service");
		assertThat(consumer.parentId()).isNull();
		assertThat(consumer.traceId()).isEqualTo(received.traceId());
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "Root=1-zz;Parent=;Sampled=1", "oversized", "not-a-string" })
	void aHostileHeaderBeginsANewTrace(String kind) throws Exception {
		String root = "1-5759e988-bd862e3fe1be46a994272793";
		this.rabbitTemplate.convertAndSend("", this.queue.getName(), "hostile", (message) -> {
			Object value = switch (kind) {
				case "oversized" -> "Root=" + root + ";Parent=53995c3f42cd8ad8;Sampled=1;" + "x".repeat(100_000);
				case "not-a-string" -> 42;
				default -> kind;
			};
			message.getMessageProperties().setHeader(TraceHeader.HEADER_NAME, value);
			return message;
		});
		Received received = this.listener.next();
		RecordedTraces traces = traces(1);
		RecordedEntity consumer = traces.named("orders-service");
		assertThat(consumer.parentId()).isNull();
		assertThat(consumer.traceId()).isEqualTo(received.traceId()).isNotEqualTo(root);
	}

	private RecordedTraces traces(int documents) {
		this.emitter.awaitDocuments(documents, WAIT);
		return this.emitter.traces();
	}

	record Received(String body, String header, String traceId) {

	}

	static class Listener {

		final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

		private final XRayRecorder recorder;

		Listener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@RabbitListener(queues = "#{@xrayTestQueue.name}")
		public void receive(Message message) {
			String body = new String(message.getBody());
			Object header = message.getMessageProperties().getHeader(TraceHeader.HEADER_NAME);
			this.received.add(new Received(body, (header instanceof String string) ? string : null,
					this.recorder.getCurrentTraceId()));
			if (body.equals("fail")) {
				throw new IllegalStateException("cannot process the order");
			}
		}

		Received next() throws InterruptedException {
			Received next = this.received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(next).as("a message received").isNotNull();
			return next;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listener.class)
	static class TestApplication {

		@Bean
		Queue xrayTestQueue() {
			return new Queue("xray-amqp-" + UUID.randomUUID(), false, false, true);
		}

	}

}
