package org.xrayspring.autoconfigure.jms;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jms.autoconfigure.DefaultJmsListenerContainerFactoryConfigurer;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.config.DefaultJmsListenerContainerFactory;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.listener.adapter.ListenerExecutionFailedException;
import org.springframework.util.ErrorHandler;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.autoconfigure.observation.XRayObservationAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.assertj.XRayAssertions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JMS tracing end to end: Boot's {@link JmsTemplate} sends to an embedded Artemis broker,
 * an {@code @JmsListener} method receives, and every emitted document is validated
 * against AWS's segment schema.
 */
class JmsTracingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = EmbeddedArtemis.runner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, XRayAutoConfiguration.class,
				XRayObservationAutoConfiguration.class, XRayJmsAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new)
		.withPropertyValues("xray.service-name=fulfilment", "xray.sampling.rate=1", "xray.sampling.centralized=false");

	@Test
	void consumerSegmentIsAChildOfTheProducersSubsegment() {
		this.runner.withUserConfiguration(InboxConfiguration.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment checkout = recorder.beginSegment("checkout");
			send(context, "order 42");
			recorder.endSegment();
			Received received = context.getBean(Inbox.class).next();
			assertThat(received.body()).isEqualTo("order 42");

			RecordedTraces traces = awaitTraces(context, 2);
			XRayAssertions.assertThat(traces).hasTraceCount(1).hasTraceId(checkout.getTraceId());
			RecordedEntity producer = traces.named("checkout");
			assertThat(traces.children(producer)).hasSize(1);
			RecordedEntity send = traces.children(producer).get(0);
			XRayAssertions.assertThat(send, traces)
				.isSubsegment()
				.hasNamespace("remote")
				.hasMetadata("messaging", "system", "JMS")
				.hasName("JMS")
				.hasMetadata("messaging", "operation", "publish")
				.hasMetadata("messaging", "destination", queue(context))
				.isNotFault();
			// the generic observation handler records neither the send nor the processing
			assertThat(traces.entities()).hasSize(3);
			RecordedEntity consumer = traces.named("fulfilment");
			XRayAssertions.assertThat(consumer, traces)
				.isSegment()
				.hasTraceId(checkout.getTraceId())
				.hasParentId(send.id())
				.hasMetadata("messaging", "system", "JMS")
				.hasMetadata("messaging", "operation", "process")
				.hasMetadata("messaging", "destination", queue(context))
				.isNotFault();
			// the header crossed the broker under its JMS-safe name
			assertThat(received.traceHeader())
				.isEqualTo(TraceHeader.of(checkout.getTraceId(), send.id(), SampleDecision.SAMPLED).format());
		});
	}

	@Test
	void listenerThatThrowsRecordsAFaultAndTheRedeliveryIsTracedToo() {
		this.runner.withUserConfiguration(FailingOnceInboxConfiguration.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment checkout = recorder.beginSegment("checkout");
			send(context, "order 43");
			recorder.endSegment();
			// the first delivery fails, the session is rolled back and the broker
			// redelivers
			assertThat(context.getBean(Inbox.class).next().redelivered()).isTrue();

			RecordedTraces traces = awaitTraces(context, 3);
			XRayAssertions.assertThat(traces).hasTraceCount(1).hasTraceId(checkout.getTraceId());
			RecordedEntity send = traces.children(traces.named("checkout")).get(0);
			List<RecordedEntity> deliveries = traces.allNamed("fulfilment");
			assertThat(deliveries).hasSize(2)
				.allSatisfy((delivery) -> assertThat(delivery.parentId()).isEqualTo(send.id()));
			RecordedEntity failed = deliveries.stream()
				.filter((d) -> d.json().path("fault").asBoolean())
				.findFirst()
				.orElseThrow();
			XRayAssertions.assertThat(failed, traces).isFault().hasException(IllegalStateException.class);
			RecordedEntity redelivered = deliveries.stream().filter((d) -> d != failed).findFirst().orElseThrow();
			XRayAssertions.assertThat(redelivered, traces).isNotFault();
		});
	}

	@Test
	void theApplicationsErrorHandlerStillHandlesTheListenersException() {
		this.runner.withUserConfiguration(FailingOnceInboxConfiguration.class, ErrorHandlerConfiguration.class)
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				recorder.beginSegment("checkout");
				send(context, "order 44");
				recorder.endSegment();
				assertThat(context.getBean(Inbox.class).next().redelivered()).isTrue();
				Throwable handled = context.getBean(RecordingErrorHandler.class).errors.poll(30, TimeUnit.SECONDS);
				assertThat(handled).isInstanceOf(ListenerExecutionFailedException.class)
					.hasRootCauseInstanceOf(IllegalStateException.class);
				RecordedTraces traces = awaitTraces(context, 3);
				RecordedEntity failed = traces.allNamed("fulfilment")
					.stream()
					.filter((delivery) -> delivery.json().path("fault").asBoolean())
					.findFirst()
					.orElseThrow();
				XRayAssertions.assertThat(failed, traces).hasException(IllegalStateException.class);
			});
	}

	@Test
	void unsampledProducerYieldsNoConsumerSegment() {
		this.runner.withUserConfiguration(InboxConfiguration.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			recorder.beginSegment("checkout", TraceHeader.of(null, null, SampleDecision.NOT_SAMPLED),
					new SamplingRequest(null, null, null, "checkout"));
			send(context, "unsampled");
			recorder.endSegment();
			Received unsampled = context.getBean(Inbox.class).next();
			assertThat(TraceHeader.parse(unsampled.traceHeader()).sampled()).isEqualTo(SampleDecision.NOT_SAMPLED);
			// a second message, sent outside any trace, is processed after the first
			send(context, "marker");
			assertThat(context.getBean(Inbox.class).next().body()).isEqualTo("marker");
			RecordedTraces traces = awaitTraces(context, 1);
			assertThat(traces.segments()).hasSize(1);
			assertThat(traces.segments().get(0).traceId())
				.isNotEqualTo(TraceHeader.parse(unsampled.traceHeader()).rootTraceId());
			assertThat(recorder.counters()).containsEntry("segments.begun", 3L).containsEntry("segments.sampled", 1L);
		});
	}

	@Test
	void messageSentOutsideATraceBeginsANewTraceSampledByTheStrategy() {
		this.runner.withUserConfiguration(InboxConfiguration.class).run((context) -> {
			send(context, "no trace");
			assertThat(context.getBean(Inbox.class).next().traceHeader()).isNull();
			RecordedTraces traces = awaitTraces(context, 1);
			RecordedEntity consumer = traces.named("fulfilment");
			XRayAssertions.assertThat(consumer, traces).isSegment().isNotFault();
			assertThat(consumer.json().has("parent_id")).isFalse();
		});
	}

	@Test
	void messageSentOutsideATraceIsNotRecordedWhenTheStrategySaysNo() {
		this.runner.withUserConfiguration(InboxConfiguration.class)
			.withPropertyValues("xray.sampling.rate=0", "xray.sampling.fixed-target=0")
			.run((context) -> {
				send(context, "no trace");
				context.getBean(Inbox.class).next();
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				// the segment is begun (and the strategy asked) before the listener is
				// called
				assertThat(recorder.counters()).containsEntry("segments.begun", 1L)
					.containsEntry("segments.sampled", 0L);
				assertThat(context.getBean(InMemoryEmitter.class).documents()).isEmpty();
			});
	}

	@Test
	void hostileTraceHeadersBeginNewTraces() {
		this.runner.withUserConfiguration(InboxConfiguration.class).run((context) -> {
			List<String> hostile = List.of("Root=1-zzzzzzzz-000000000000000000000000;Parent=;Sampled=1",
					"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1" + ";x=".repeat(1)
							+ "y".repeat(10_000),
					"\u0000\r\nRoot=\u202e", "");
			JmsTemplate template = context.getBean(JmsTemplate.class);
			for (String value : hostile) {
				template.convertAndSend(queue(context), "hostile", (message) -> {
					message.setStringProperty(XRayJmsAutoConfiguration.TRACE_HEADER_PROPERTY, value);
					return message;
				});
			}
			template.convertAndSend(queue(context), "hostile", (message) -> {
				message.setIntProperty(XRayJmsAutoConfiguration.TRACE_HEADER_PROPERTY, 7);
				return message;
			});
			for (int i = 0; i < hostile.size() + 1; i++) {
				assertThat(context.getBean(Inbox.class).next().body()).isEqualTo("hostile");
			}
			RecordedTraces traces = awaitTraces(context, hostile.size() + 1);
			assertThat(traces.segments()).hasSize(hostile.size() + 1)
				.allSatisfy((segment) -> assertThat(segment.json().has("parent_id")).isFalse());
			assertThat(traces.traceIds()).hasSize(hostile.size() + 1)
				.doesNotContain("1-5759e988-bd862e3fe1be46a994272793");
			assertThat(context.getBean(XRayMessagingObservationHandler.class).failures()).isZero();
		});
	}

	@Test
	void nothingIsRecordedWhenDisabled() {
		this.runner.withUserConfiguration(InboxConfiguration.class)
			.withPropertyValues("xray.instrumentation.jms.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(XRayMessagingObservationHandler.class);
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				recorder.beginSegment("checkout");
				send(context, "untraced");
				recorder.endSegment();
				assertThat(context.getBean(Inbox.class).next().traceHeader()).isNull();
				RecordedTraces traces = awaitTraces(context, 1);
				assertThat(traces.segments()).hasSize(1);
				XRayAssertions.assertThat(traces.named("checkout"), traces).hasSubsegmentCount(0);
				assertThat(recorder.counters()).containsEntry("segments.begun", 1L);
			});
	}

	private static void send(AssertableApplicationContext context, String body) {
		context.getBean(JmsTemplate.class).convertAndSend(queue(context), body);
	}

	private static String queue(AssertableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty(EmbeddedArtemis.QUEUE_PROPERTY);
	}

	private static RecordedTraces awaitTraces(AssertableApplicationContext context, int documents) {
		InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
		assertThat(emitter.awaitDocuments(documents, TIMEOUT)).hasSizeGreaterThanOrEqualTo(documents);
		return emitter.traces();
	}

	record Received(String body, String traceHeader, boolean redelivered) {

		static Received of(Message message) throws JMSException {
			return new Received(((TextMessage) message).getText(),
					message.getStringProperty(XRayJmsAutoConfiguration.TRACE_HEADER_PROPERTY),
					message.getJMSRedelivered());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InboxConfiguration {

		@Bean
		Inbox inbox() {
			return new Inbox();
		}

	}

	static class Inbox {

		final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

		@JmsListener(destination = "${" + EmbeddedArtemis.QUEUE_PROPERTY + "}")
		void receive(Message message) throws JMSException {
			this.received.add(Received.of(message));
		}

		Received next() throws InterruptedException {
			Received next = this.received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(next).as("a message within %s", TIMEOUT).isNotNull();
			return next;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingOnceInboxConfiguration {

		@Bean
		Inbox inbox() {
			return new FailingOnceInbox();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ErrorHandlerConfiguration {

		@Bean
		RecordingErrorHandler recordingErrorHandler() {
			return new RecordingErrorHandler();
		}

		@Bean
		DefaultJmsListenerContainerFactory jmsListenerContainerFactory(
				DefaultJmsListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
				RecordingErrorHandler errorHandler) {
			DefaultJmsListenerContainerFactory factory = new DefaultJmsListenerContainerFactory();
			configurer.configure(factory, connectionFactory);
			factory.setErrorHandler(errorHandler);
			return factory;
		}

	}

	static class RecordingErrorHandler implements ErrorHandler {

		final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

		@Override
		public void handleError(Throwable error) {
			this.errors.add(error);
		}

	}

	static class FailingOnceInbox extends Inbox {

		@Override
		@JmsListener(destination = "${" + EmbeddedArtemis.QUEUE_PROPERTY + "}")
		void receive(Message message) throws JMSException {
			if (!message.getJMSRedelivered()) {
				throw new IllegalStateException("out of stock");
			}
			super.receive(message);
		}

	}

}
