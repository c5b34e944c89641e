package org.xrayspring.autoconfigure.messaging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Propagator;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.env.MockEnvironment;

import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.autoconfigure.testing.RecordingContextListener;
import org.xrayspring.recorder.ContextMissingStrategy;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * Tests for {@link XRayMessagingObservationHandler} with a real
 * {@link ObservationRegistry} and hand-made sender and receiver contexts.
 */
class XRayMessagingObservationHandlerTests {

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	private final RecordingContextListener contexts = new RecordingContextListener();

	private XRayRecorder recorder = recorder(1.0);

	private ObservationRegistry registry = registry(this.recorder);

	private XRayRecorder recorder(double rate) {
		return XRayRecorder.builder()
			.emitter(this.emitter)
			.contextListener(this.contexts)
			.samplingStrategy(LocalSamplingStrategy.of((rate > 0) ? 1 : 0, rate))
			.contextMissing(ContextMissingStrategy.FAIL)
			.build();
	}

	private static ObservationRegistry registry(XRayRecorder recorder) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new XRayMessagingObservationHandler(recorder, "TestMQ", "orders-service",
					List.of(TestSenderContext.class, TestReceiverContext.class), (context) -> {
						if (context instanceof TestSenderContext sender) {
							return sender.destination;
						}
						return (context instanceof TestReceiverContext receiver) ? receiver.queue : null;
					}));
		return registry;
	}

	@AfterEach
	void clear() {
		this.recorder.clearContext();
	}

	@Test
	void sendInsideATraceIsARemoteSubsegmentWhoseIdTheMessageCarries() {
		Segment segment = this.recorder.beginSegment("producer");
		TestSenderContext sender = new TestSenderContext("orders-exchange/placed");
		Observation.createNotStarted("test.send", () -> sender, this.registry).observe(() -> {
			assertThat(this.recorder.getCurrentEntity()).as("the send's scope makes it current")
				.isInstanceOf(Subsegment.class);
		});
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		this.recorder.endSegment();

		RecordedTraces traces = this.emitter.traces();
		RecordedEntity send = traces.named("orders-exchange/placed");
		assertThat(send, traces).isSubsegment()
			.hasNamespace("remote")
			.hasTraceId(segment.getTraceId())
			.hasParentId(segment.getId())
			.hasMetadata("messaging", "system", "TestMQ")
			.hasMetadata("messaging", "destination", "orders-exchange/placed")
			.hasMetadata("messaging", "operation", "publish")
			.isNotFault();
		assertThat(sender.getCarrier()).containsExactly(Map.entry(TraceHeader.HEADER_NAME,
				"Root=" + segment.getTraceId() + ";Parent=" + send.id() + ";Sampled=1"));
	}

	@Test
	void sendWithoutDestinationIsNamedAfterTheSystem() {
		this.recorder.beginSegment("producer");
		Observation.createNotStarted("test.send", () -> new TestSenderContext(null), this.registry).observe(() -> {
		});
		this.recorder.endSegment();
		assertThat(this.emitter).hasSubsegmentNamed("TestMQ").hasNamespace("remote");
	}

	@Test
	void sendInATraceNotSampledTellsTheConsumerAndRecordsNothing() {
		this.recorder = recorder(0.0);
		this.registry = registry(this.recorder);
		Segment segment = this.recorder.beginSegment("producer");
		assertThat(segment.isSampled()).isFalse();
		TestSenderContext sender = new TestSenderContext("orders");
		Observation.createNotStarted("test.send", () -> sender, this.registry).observe(() -> {
		});
		this.recorder.endSegment();
		assertThat(this.emitter.documents()).isEmpty();
		TraceHeader header = TraceHeader.parse(sender.getCarrier().get(TraceHeader.HEADER_NAME));
		assertThat(header.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(sender.getCarrier().get(TraceHeader.HEADER_NAME)).endsWith(";Sampled=0");
	}

	@Test
	void sendOutsideATraceRecordsNothingAndAddsNoHeader() {
		TestSenderContext sender = new TestSenderContext("orders");
		Observation.createNotStarted("test.send", () -> sender, this.registry).observe(() -> {
			assertThat(this.recorder.getCurrentEntity()).isNull();
		});
		assertThat(sender.getCarrier()).isEmpty();
		assertThat(this.emitter.documents()).isEmpty();
		assertThat(this.contexts.changes()).isEmpty();
	}

	@Test
	void sendThatFailsIsAFaultWithTheException() {
		this.recorder.beginSegment("producer");
		assertThatIllegalStateException().isThrownBy(
				() -> Observation.createNotStarted("test.send", () -> new TestSenderContext("orders"), this.registry)
					.observe(() -> {
						throw new IllegalStateException("broker unreachable");
					}));
		this.recorder.endSegment();
		assertThat(this.emitter).hasSubsegmentNamed("orders").isFault().hasException(IllegalStateException.class);
	}

	@Test
	void sendWithinAnotherObservationWithoutCurrentEntityNestsUnderItsEntity() {
		Map<String, String> message = new HashMap<>();
		this.recorder.beginSegment("producer");
		TestReceiverContext receiver = new TestReceiverContext(message, "in");
		Observation consume = Observation.start("test.receive", () -> receiver, this.registry);
		this.recorder.endSegment();
		// the receiver's scope is not open here: the parent observation gives the parent
		Observation.createNotStarted("test.send", () -> new TestSenderContext("out"), this.registry)
			.parentObservation(consume)
			.observe(() -> {
			});
		consume.stop();
		RecordedTraces traces = this.emitter.traces();
		RecordedEntity consumer = traces.named("orders-service");
		assertThat(traces.named("out"), traces).isChildOf(consumer);
	}

	@Test
	void receiveJoinsTheProducersTraceUnderItsSubsegment() {
		Map<String, String> message = send("orders");
		String producerSubsegment = TraceHeader.parse(message.get(TraceHeader.HEADER_NAME)).parentId();
		String traceId = TraceHeader.parse(message.get(TraceHeader.HEADER_NAME)).rootTraceId();
		this.emitter.clear();
		this.contexts.clear();

		TestReceiverContext receiver = new TestReceiverContext(message, "orders-queue");
		Observation observation = Observation.start("test.receive", () -> receiver, this.registry);
		assertThat(this.recorder.getCurrentEntity()).as("starting makes nothing current").isNull();
		try (Observation.Scope scope = observation.openScope()) {
			Entity current = this.recorder.getCurrentEntity();
			assertThat(current).isInstanceOf(Segment.class);
			assertThat(current.getTraceId()).isEqualTo(traceId);
		}
		assertThat(this.recorder.getCurrentEntity()).as("nothing is left on the thread").isNull();
		observation.stop();
		assertThat(this.recorder.getCurrentEntity()).isNull();

		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments()).hasSize(1);
		assertThat(traces.segments().get(0), traces).hasName("orders-service")
			.hasTraceId(traceId)
			.hasParentId(producerSubsegment)
			.hasMetadata("messaging", "system", "TestMQ")
			.hasMetadata("messaging", "destination", "orders-queue")
			.hasMetadata("messaging", "operation", "process")
			.isNotFault();
	}

	@Test
	void receiveRestoresWhatWasCurrentBefore() {
		Segment other = this.recorder.beginSegment("other");
		TestReceiverContext receiver = new TestReceiverContext(new HashMap<>(), "q");
		Observation.createNotStarted("test.receive", () -> receiver, this.registry).observe(() -> {
			assertThat(this.recorder.getCurrentEntity()).isNotSameAs(other).isInstanceOf(Segment.class);
			assertThat(this.recorder.getCurrentTraceId()).as("a segment of its own, in a trace of its own")
				.isNotEqualTo(other.getTraceId());
		});
		assertThat(this.recorder.getCurrentEntity()).isSameAs(other);
	}

	@Test
	void receiveWithoutHeaderIsANewTraceSampledByTheStrategy() {
		Observation.createNotStarted("test.receive", () -> new TestReceiverContext(new HashMap<>(), "q"), this.registry)
			.observe(() -> {
			});
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments()).hasSize(1);
		assertThat(traces.segments().get(0).parentId()).isNull();

		this.emitter.clear();
		this.recorder = recorder(0.0);
		this.registry = registry(this.recorder);
		Observation.createNotStarted("test.receive", () -> new TestReceiverContext(new HashMap<>(), "q"), this.registry)
			.observe(() -> assertThat(this.recorder.getCurrentSegment().isSampled()).isFalse());
		assertThat(this.emitter.documents()).isEmpty();
	}

	@Test
	void receiveOfAMessageFromAnUnsampledProducerRecordsNothing() {
		Map<String, String> message = new HashMap<>();
		message.put(TraceHeader.HEADER_NAME,
				"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
		Observation.createNotStarted("test.receive", () -> new TestReceiverContext(message, "q"), this.registry)
			.observe(() -> assertThat(this.recorder.getCurrentSegment().isSampled()).isFalse());
		assertThat(this.emitter.documents()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "Root=not-a-trace;Parent=zz;Sampled=1", ";;;==;Root=;",
			"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Pad=" })
	void receiveOfAHostileHeaderIsANewTrace(String header) {
		Map<String, String> message = new HashMap<>();
		// the last one is oversized: a valid start, then more than the header's limit
		message.put(TraceHeader.HEADER_NAME,
				header.endsWith("Pad=") ? header + "x".repeat(TraceHeader.MAX_LENGTH) : header);
		Observation.createNotStarted("test.receive", () -> new TestReceiverContext(message, "q"), this.registry)
			.observe(() -> {
			});
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments()).hasSize(1);
		RecordedEntity segment = traces.segments().get(0);
		assertThat(segment.parentId()).isNull();
		assertThat(segment.traceId()).isNotEqualTo("1-5759e988-bd862e3fe1be46a994272793");
	}

	@Test
	void receiveOfAHeaderThatIsNotAStringOrWhoseGetterFailsIsANewTrace() {
		Map<String, Object> message = new HashMap<>();
		message.put(TraceHeader.HEADER_NAME, new byte[] { 1, 2, 3 });
		ReceiverContext<Map<String, Object>> typed = new TestHostileReceiverContext(message,
				(carrier, key) -> (String) carrier.get(key));
		ReceiverContext<Map<String, Object>> failing = new TestHostileReceiverContext(message, (carrier, key) -> {
			throw new IllegalStateException("cannot read");
		});
		ObservationRegistry registry = ObservationRegistry.create();
		XRayMessagingObservationHandler handler = new XRayMessagingObservationHandler(this.recorder, "TestMQ",
				"orders-service", List.of(TestHostileReceiverContext.class));
		registry.observationConfig().observationHandler(handler);
		Observation.createNotStarted("test.receive", () -> typed, registry).observe(() -> {
		});
		Observation.createNotStarted("test.receive", () -> failing, registry).observe(() -> {
		});
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments()).hasSize(2).allSatisfy((segment) -> assertThat(segment.parentId()).isNull());
		assertThat(handler.failures()).isZero();
	}

	@Test
	void listenerThatThrowsIsAFaultEndedOnce() {
		Map<String, String> message = send("orders");
		this.emitter.clear();
		assertThatIllegalStateException().isThrownBy(() -> Observation
			.createNotStarted("test.receive", () -> new TestReceiverContext(message, "q"), this.registry)
			.observe(() -> {
				throw new IllegalStateException("cannot process order");
			}));
		assertThat(this.recorder.getCurrentEntity()).isNull();
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.documents()).hasSize(1);
		assertThat(traces.segments().get(0), traces).isFault().hasException(IllegalStateException.class);
	}

	@Test
	void workInTheListenerNestsUnderTheConsumersSegment() {
		Map<String, String> message = send("orders");
		this.emitter.clear();
		Observation.createNotStarted("test.receive", () -> new TestReceiverContext(message, "q"), this.registry)
			.observe(() -> {
				this.recorder.beginSubsegment("work").end();
				Observation.createNotStarted("test.send", () -> new TestSenderContext("next"), this.registry)
					.observe(() -> {
					});
			});
		RecordedTraces traces = this.emitter.traces();
		RecordedEntity consumer = traces.segments().get(0);
		assertThat(traces.named("work"), traces).isChildOf(consumer);
		assertThat(traces.named("next"), traces).isChildOf(consumer).hasNamespace("remote");
	}

	@Test
	void onlyTheGivenSenderAndReceiverContextsAreSupported() {
		XRayMessagingObservationHandler handler = new XRayMessagingObservationHandler(this.recorder, "TestMQ",
				"orders-service", List.of(TestSenderContext.class));
		assertThat(handler.supportsContext(new TestSenderContext("x"))).isTrue();
		assertThat(handler.supportsContext(new TestReceiverContext(new HashMap<>(), "q"))).isFalse();
		XRayMessagingObservationHandler any = new XRayMessagingObservationHandler(this.recorder, "TestMQ",
				"orders-service", List.of(Observation.Context.class));
		assertThat(any.supportsContext(new TestReceiverContext(new HashMap<>(), "q"))).isTrue();
		assertThat(any.supportsContext(new Observation.Context())).as("neither sender nor receiver").isFalse();
	}

	@Test
	void serviceNameComesFromThePropertiesThenTheApplicationName() {
		XRayProperties properties = new XRayProperties();
		MockEnvironment environment = new MockEnvironment();
		assertThat(XRayMessagingObservationHandler.serviceName(properties, environment)).isEqualTo("application");
		environment.setProperty("spring.application.name", "shop");
		assertThat(XRayMessagingObservationHandler.serviceName(properties, environment)).isEqualTo("shop");
		properties.setServiceName("orders");
		assertThat(XRayMessagingObservationHandler.serviceName(properties, environment)).isEqualTo("orders");
	}

	/** Sends a message in a trace of its own, returning the message's headers. */
	private Map<String, String> send(String destination) {
		this.recorder.beginSegment("producer");
		TestSenderContext sender = new TestSenderContext(destination);
		Observation.createNotStarted("test.send", () -> sender, this.registry).observe(() -> {
		});
		this.recorder.endSegment();
		return sender.getCarrier();
	}

	static final class TestSenderContext extends SenderContext<Map<String, String>> {

		final String destination;

		TestSenderContext(String destination) {
			super((carrier, key, value) -> carrier.put(key, value));
			setCarrier(new HashMap<>());
			this.destination = destination;
		}

	}

	static final class TestReceiverContext extends ReceiverContext<Map<String, String>> {

		final String queue;

		TestReceiverContext(Map<String, String> message, String queue) {
			super((carrier, key) -> carrier.get(key));
			setCarrier(message);
			this.queue = queue;
		}

	}

	static final class TestHostileReceiverContext extends ReceiverContext<Map<String, Object>> {

		TestHostileReceiverContext(Map<String, Object> message, Propagator.Getter<Map<String, Object>> getter) {
			super(getter);
			setCarrier(message);
		}

	}

}
