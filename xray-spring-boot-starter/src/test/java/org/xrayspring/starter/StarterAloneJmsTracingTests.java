package org.xrayspring.starter;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;

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
 * {@code spring-boot-starter-artemis} (an embedded, in-VM Artemis broker), and no
 * property set for tracing: a {@link JmsTemplate} send inside a trace and a
 * {@code @JmsListener} record the producer's subsegment and the consumer's segment, its
 * child in the same trace. Spring JMS observes only through Micrometer's Jakarta
 * instrumentation, which the starter brings.
 */
@SpringBootTest(classes = StarterAloneJmsTracingTests.JmsApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.application.name=starter-jms", "spring.artemis.mode=embedded",
				"spring.artemis.embedded.enabled=true", "spring.artemis.embedded.persistent=false",
				"starter.jms.queue=xray-starter-jms" })
@AutoConfigureXRayTest
class StarterAloneJmsTracingTests {

	@Test
	void aSendAndAListenerAreTracedWithTheStarterAlone(@Autowired XRayRecorder recorder,
			@Autowired JmsTemplate jmsTemplate, @Autowired Listener listener, @Autowired InMemoryEmitter emitter,
			@Autowired org.springframework.core.env.Environment environment) throws Exception {
		String queue = environment.getRequiredProperty("starter.jms.queue");
		Segment producer = recorder.beginSegment("producer");
		jmsTemplate.convertAndSend(queue, "hello " + UUID.randomUUID());
		recorder.endSegment();
		String traceIdInListener = listener.received.poll(30, TimeUnit.SECONDS);
		assertThat(traceIdInListener).isEqualTo(producer.getTraceId());

		emitter.awaitDocuments(2, Duration.ofSeconds(30));
		RecordedTraces traces = emitter.traces();
		RecordedEntity send = traces.named("JMS");
		assertThat(send, traces).isSubsegment().hasNamespace("remote").hasParentId(producer.getId());
		assertThat(traces.named("starter-jms"), traces).isSegment()
			.hasTraceId(producer.getTraceId())
			.hasParentId(send.id());
	}

	static class Listener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final XRayRecorder recorder;

		Listener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@JmsListener(destination = "${starter.jms.queue}")
		public void receive(String message) {
			String traceId = this.recorder.getCurrentTraceId();
			this.received.add((traceId != null) ? traceId : "none");
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Listener.class)
	static class JmsApplication {

	}

}
