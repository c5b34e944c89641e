package org.xrayspring.autoconfigure.observation;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.slf4j.MDC;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageSenderContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import org.xrayspring.autoconfigure.testing.RecordingContextListener;
import org.xrayspring.recorder.ContextMissingStrategy;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link XRayObservationHandler} with a real {@link ObservationRegistry}.
 */
class XRayObservationHandlerTests {

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	private final RecordingContextListener contexts = new RecordingContextListener();

	private final XRayRecorder recorder = XRayRecorder.builder()
		.emitter(this.emitter)
		.contextListener(this.contexts)
		.samplingStrategy(LocalSamplingStrategy.of(1, 1.0))
		.contextMissing(ContextMissingStrategy.FAIL)
		.build();

	private final ObservationRegistry registry = ObservationRegistry.create();

	XRayObservationHandlerTests() {
		this.registry.observationConfig().observationHandler(new XRayObservationHandler(this.recorder));
	}

	@AfterEach
	void clear() {
		this.recorder.clearContext();
	}

	@Test
	void startingAndStoppingAnObservationLeaveTheThreadsContextAndTheMdcAlone() {
		Segment segment = this.recorder.beginSegment("observed");
		this.contexts.clear();
		Observation observation = Observation.start("orders.place", this.registry);
		assertThat(this.contexts.changes()).as("starting makes nothing current").isEmpty();
		assertThat(MDC.get("spanId")).isEqualTo(segment.getId());
		try (Observation.Scope scope = observation.openScope()) {
			assertThat(MDC.get("spanId")).isEqualTo(this.recorder.getCurrentEntity().getId())
				.isNotEqualTo(segment.getId());
		}
		observation.stop();
		assertThat(this.contexts.changes()).as("only the scope changes the context, once each way")
			.containsExactly("orders.place", "observed");
		assertThat(MDC.get("spanId")).isEqualTo(segment.getId());
		this.recorder.endSegment();
		assertThat(single().path("subsegments").get(0).path("name").asString()).isEqualTo("orders.place");
	}

	@Test
	void nestedObservationsAreNestedSubsegmentsWithKeyValues() {
		Segment segment = this.recorder.beginSegment("observed");
		Observation.createNotStarted("orders.place", this.registry)
			.contextualName("OrderService#place")
			.lowCardinalityKeyValue("order.kind", "retail")
			.highCardinalityKeyValue("order.id", "A-17")
			.observe(() -> {
				assertThat(this.recorder.getCurrentEntity()).isInstanceOf(Subsegment.class);
				Observation.createNotStarted("spring.data.repository.invocation", this.registry)
					.lowCardinalityKeyValue("repository-method", "save")
					.observe(() -> assertThat(this.recorder.getCurrentEntity().getName())
						.isEqualTo("spring.data.repository.invocation"));
			});
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		this.recorder.endSegment();

		JsonNode root = single();
		JsonNode place = root.path("subsegments").get(0);
		assertThat(place.path("name").asString()).isEqualTo("OrderService#place");
		assertThat(place.path("annotations").path("order_kind").asString()).isEqualTo("retail");
		assertThat(place.path("metadata").path("observation").path("order.id").asString()).isEqualTo("A-17");
		JsonNode repository = place.path("subsegments").get(0);
		assertThat(repository.path("name").asString()).isEqualTo("spring.data.repository.invocation");
		assertThat(repository.path("annotations").path("repository_method").asString()).isEqualTo("save");
		assertThat(XRayDocuments.entities(root)).hasSize(3);
	}

	@Test
	void errorIsRecordedAndTheObservationStillEnds() {
		this.recorder.beginSegment("observed");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Observation.createNotStarted("payment.charge", this.registry).observe(() -> {
				throw new IllegalArgumentException("card declined");
			}));
		this.recorder.endSegment();
		JsonNode charge = single().path("subsegments").get(0);
		assertThat(charge.path("fault").asBoolean()).isTrue();
		assertThat(charge.path("cause").path("exceptions").get(0).path("message").asString())
			.isEqualTo("card declined");
	}

	@Test
	void httpAndJdbcObservationsAreSkipped() {
		this.recorder.beginSegment("observed");
		ClientRequestObservationContext client = new ClientRequestObservationContext(
				new MockClientHttpRequest(HttpMethod.GET, "http://127.0.0.1/x"));
		Observation.createNotStarted("http.client.requests", () -> client, this.registry).observe(() -> {
		});
		ServerRequestObservationContext server = new ServerRequestObservationContext(new MockHttpServletRequest(),
				new MockHttpServletResponse());
		Observation.createNotStarted("custom.server.name", () -> server, this.registry).observe(() -> {
			// an observation inside a skipped one nests under what is current
			Observation.createNotStarted("inner.work", this.registry).observe(() -> {
			});
		});
		Observation.createNotStarted("jdbc.query", this.registry).observe(() -> {
		});
		this.recorder.endSegment();
		JsonNode root = single();
		List<String> names = XRayDocuments.entities(root)
			.stream()
			.skip(1)
			.map((node) -> node.path("name").asString())
			.toList();
		assertThat(names).containsExactly("inner.work");
	}

	@Test
	void messagingObservationsAreSkipped() {
		this.recorder.beginSegment("observed");
		Message message = new Message(new byte[0], new MessageProperties());
		RabbitMessageSenderContext send = new RabbitMessageSenderContext(message, "template", "orders", "placed");
		RabbitMessageReceiverContext receive = new RabbitMessageReceiverContext(message, "listener");
		assertThat(new XRayObservationHandler(this.recorder).supportsContext(send)).isFalse();
		Observation.createNotStarted("spring.rabbit.template", () -> send, this.registry).observe(() -> {
			Observation.createNotStarted("spring.rabbit.listener", () -> receive, this.registry).observe(() -> {
				Observation.createNotStarted("inner.work", this.registry).observe(() -> {
				});
			});
		});
		this.recorder.endSegment();
		JsonNode root = single();
		assertThat(XRayDocuments.entities(root)).hasSize(2);
		assertThat(root.path("subsegments").get(0).path("name").asString()).isEqualTo("inner.work");
	}

	@Test
	void theMessagingContextsOfKafkaAndJmsAreSkippedByName() {
		// Spring Kafka's and Micrometer's JMS contexts (not on this module's class path)
		assertThat(XRayObservationHandler.SKIPPED_CONTEXTS).contains(
				"org.springframework.kafka.support.micrometer.KafkaRecordSenderContext",
				"org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext",
				"io.micrometer.jakarta9.instrument.jms.JmsPublishObservationContext",
				"io.micrometer.jakarta9.instrument.jms.JmsProcessObservationContext");
	}

	@Test
	void outsideATraceNothingIsRecorded() {
		Observation.createNotStarted("scheduled.job", this.registry).observe(() -> {
			assertThat(this.recorder.getCurrentEntity()).isNull();
		});
		assertThat(this.emitter.documents()).isEmpty();
		assertThat(this.recorder.counters().get("context.missing")).isZero();
	}

	@Test
	void startingDoesNotMakeCurrentButAScopeDoes() {
		Segment segment = this.recorder.beginSegment("observed");
		Observation observation = Observation.start("manual", this.registry);
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		Observation.Scope scope = observation.openScope();
		try {
			assertThat(this.recorder.getCurrentEntity().getName()).isEqualTo("manual");
			// work begun by other instrumentation while the scope is open nests under the
			// observation
			Subsegment capture = this.recorder.beginSubsegment("Service.method");
			Observation.createNotStarted("inside.capture", this.registry).observe(() -> {
			});
			capture.end();
		}
		finally {
			scope.close();
		}
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		observation.stop();
		this.recorder.endSegment();
		JsonNode manual = single().path("subsegments").get(0);
		assertThat(manual.path("name").asString()).isEqualTo("manual");
		JsonNode capture = manual.path("subsegments").get(0);
		assertThat(capture.path("name").asString()).isEqualTo("Service.method");
		assertThat(capture.path("subsegments").get(0).path("name").asString()).isEqualTo("inside.capture");
	}

	@Test
	void childObservationOnAnotherThreadNestsUnderItsParentAndLeavesThePoolClean() throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			this.recorder.beginSegment("observed");
			Observation parent = Observation.start("batch.run", this.registry);
			executor.submit(() -> {
				Observation.createNotStarted("batch.item", this.registry).parentObservation(parent).observe(() -> {
					assertThat(this.recorder.getCurrentEntity().getName()).isEqualTo("batch.item");
				});
				assertThat(this.recorder.getCurrentEntity()).isNull();
			}).get();
			assertThat(executor.submit(() -> this.recorder.getCurrentEntity()).get()).isNull();
			parent.stop();
			this.recorder.endSegment();
		}
		finally {
			executor.shutdownNow();
		}
		JsonNode run = single().path("subsegments").get(0);
		assertThat(run.path("name").asString()).isEqualTo("batch.run");
		assertThat(run.path("subsegments").get(0).path("name").asString()).isEqualTo("batch.item");
	}

	@Test
	void urlKeyValuesAreRecordedWithoutCredentials() {
		this.recorder.beginSegment("observed");
		Observation.createNotStarted("mongodb.command", this.registry)
			.lowCardinalityKeyValue("db.connection_string", "mongodb://app:hunter2@db.example.com:27017/shop")
			.highCardinalityKeyValue("http.url",
					"https://api.example.com/v1/items;jsessionid=hunter2?access_token=hunter2")
			.highCardinalityKeyValue("db.url", "jdbc:oracle:thin:scott/hunter2@myalias")
			.highCardinalityKeyValue("note", "a;b#c password=hunter2 is not a URL")
			.observe(() -> {
			});
		this.recorder.endSegment();

		JsonNode command = single().path("subsegments").get(0);
		assertThat(command.path("annotations").path("db_connection_string").asString())
			.isEqualTo("mongodb://db.example.com:27017/shop");
		JsonNode metadata = command.path("metadata").path("observation");
		assertThat(metadata.path("http.url").asString())
			.isEqualTo("https://api.example.com/v1/items?access_token=REDACTED");
		assertThat(metadata.path("db.url").asString()).isEqualTo("jdbc:oracle:thin:@myalias");
		// free text is left as it is: only values that are URLs are redacted
		assertThat(metadata.path("note").asString()).isEqualTo("a;b#c password=hunter2 is not a URL");
	}

	@Test
	void keyValuesAddedAfterStartAreRecorded() {
		this.recorder.beginSegment("observed");
		Observation observation = Observation.start("kafka.send", this.registry);
		observation.lowCardinalityKeyValue(KeyValue.of("messaging.destination.name", "orders"));
		observation.stop();
		this.recorder.endSegment();
		JsonNode send = single().path("subsegments").get(0);
		assertThat(send.path("annotations").path("messaging_destination_name").asString()).isEqualTo("orders");
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			db.system, db_system
			repository-method, repository_method
			already_fine_1, already_fine_1
			'spaces and ümlauts', spaces_and__mlauts
			""")
	void annotationKeysAreSanitized(String key, String expected) {
		assertThat(XRayObservationHandler.annotationKey(key)).isEqualTo(expected).matches("[A-Za-z0-9_]{1,500}");
	}

	private JsonNode single() {
		List<JsonNode> documents = this.emitter.validDocuments();
		assertThat(documents).hasSize(1);
		return documents.get(0);
	}

}
