package org.xrayspring.starter;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * An application whose class path is what a user gets with the starter and
 * {@code spring-boot-starter-kafka}, and no property set for tracing: a
 * {@link KafkaTemplate} send inside a trace and a {@code @KafkaListener} on a real Kafka
 * broker on loopback record the producer's subsegment and the consumer's segment, its
 * child in the same trace.
 */
@SpringBootTest(classes = StarterAloneKafkaTracingTests.KafkaApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.application.name=starter-kafka", "spring.kafka.consumer.auto-offset-reset=earliest",
				"logging.level.org.apache.kafka=warn", "logging.level.kafka=warn",
				"logging.level.org.springframework.kafka=warn" })
@AutoConfigureXRayTest
class StarterAloneKafkaTracingTests {

	private static final String TOPIC = "xray-starter-kafka-" + UUID.randomUUID();

	@DynamicPropertySource
	static void kafka(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> LoopbackKafkaBroker.shared().bootstrapServers());
		registry.add("spring.kafka.consumer.group-id", () -> "xray-starter-kafka-" + UUID.randomUUID());
	}

	@Test
	void aSendAndAListenerAreTracedWithTheStarterAlone(@Autowired XRayRecorder recorder,
			@Autowired KafkaTemplate<String, String> kafkaTemplate, @Autowired Listener listener,
			@Autowired InMemoryEmitter emitter) throws Exception {
		Segment producer = recorder.beginSegment("producer");
		kafkaTemplate.send(TOPIC, "hello").get(60, TimeUnit.SECONDS);
		recorder.endSegment();
		String traceIdInListener = listener.received.poll(60, TimeUnit.SECONDS);
		assertThat(traceIdInListener).isEqualTo(producer.getTraceId());

		emitter.awaitDocuments(2, Duration.ofSeconds(60));
		RecordedTraces traces = emitter.traces();
		RecordedEntity send = traces.named(TOPIC);
		assertThat(send, traces).isSubsegment().hasNamespace("remote").hasParentId(producer.getId());
		assertThat(traces.named("starter-kafka"), traces).isSegment()
			.hasTraceId(producer.getTraceId())
			.hasParentId(send.id());
	}

	static class Listener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final XRayRecorder recorder;

		Listener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@KafkaListener(topics = "#{@starterKafkaTopic.name()}")
		public void receive(String value) {
			String traceId = this.recorder.getCurrentTraceId();
			this.received.add((traceId != null) ? traceId : "none");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listener.class)
	static class KafkaApplication {

		@Bean
		NewTopic starterKafkaTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}
