package org.xrayspring.starter;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

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
 * {@code spring-boot-starter-amqp}, and no property set for tracing: a
 * {@link RabbitTemplate} send inside a trace and a {@code @RabbitListener} on the real
 * RabbitMQ broker at 127.0.0.1:5672 record the producer's subsegment and the consumer's
 * segment, its child in the same trace.
 */
@SpringBootTest(classes = StarterAloneAmqpTracingTests.AmqpApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.application.name=starter-amqp", "spring.rabbitmq.host=127.0.0.1" })
@AutoConfigureXRayTest
class StarterAloneAmqpTracingTests {

	@Test
	void aSendAndAListenerAreTracedWithTheStarterAlone(@Autowired XRayRecorder recorder,
			@Autowired RabbitTemplate rabbitTemplate, @Autowired Queue queue, @Autowired Listener listener,
			@Autowired InMemoryEmitter emitter) throws Exception {
		Segment producer = recorder.beginSegment("producer");
		rabbitTemplate.convertAndSend("", queue.getName(), "hello");
		recorder.endSegment();
		String traceIdInListener = listener.received.poll(30, TimeUnit.SECONDS);
		assertThat(traceIdInListener).isEqualTo(producer.getTraceId());

		emitter.awaitDocuments(2, Duration.ofSeconds(30));
		RecordedTraces traces = emitter.traces();
		RecordedEntity send = traces.named(queue.getName());
		assertThat(send, traces).isSubsegment().hasNamespace("remote").hasParentId(producer.getId());
		assertThat(traces.named("starter-amqp"), traces).isSegment()
			.hasTraceId(producer.getTraceId())
			.hasParentId(send.id());
	}

	static class Listener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final XRayRecorder recorder;

		Listener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@RabbitListener(queues = "#{@starterAmqpQueue.name}")
		public void receive(Message message) {
			String traceId = this.recorder.getCurrentTraceId();
			this.received.add((traceId != null) ? traceId : "none");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listener.class)
	static class AmqpApplication {

		@Bean
		Queue starterAmqpQueue() {
			return new Queue("xray-starter-amqp-" + UUID.randomUUID(), false, false, true);
		}

	}

}
