package org.xrayspring.autoconfigure.sqs;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.xrayspring.autoconfigure.awssdk.XRayAwsSdkInterceptor;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * A producer and a consumer with the real SDK client against ElasticMQ, an SQS-protocol
 * server on loopback: the producer's {@code SendMessage} subsegment is the parent of the
 * consumer's segment.
 */
class XRaySqsTracingTests {

	private static ElasticMqServer server;

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	private final AtomicBoolean sample = new AtomicBoolean(true);

	private final List<SdkRequest> sent = new CopyOnWriteArrayList<>();

	private final Object activation = new Object();

	private XRayRecorder recorder;

	private XRayAwsSdkInterceptor interceptor;

	private XRaySqsMessages messages;

	private SqsClient sqs;

	private String queueUrl;

	@BeforeAll
	static void startServer() {
		server = ElasticMqServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void start() {
		SamplingStrategy strategy = (request) -> this.sample.get();

		this.recorder = this.emitter.recorderBuilder().samplingStrategy(strategy).build();
		this.interceptor = new XRayAwsSdkInterceptor(this.recorder);
		XRayAwsSdkInterceptor.install(this.interceptor);
		XRaySqsReceiveInterceptor.activate(this.activation);
		this.messages = new XRaySqsMessages(this.recorder, "consumer-svc");
		this.sqs = server.client(new RecordingInterceptor(this.sent));
		this.queueUrl = this.sqs.createQueue((request) -> request.queueName("q-" + UUID.randomUUID())).queueUrl();
		this.sent.clear();
	}

	@AfterEach
	void stop() {
		assertThat(this.recorder.getCurrentEntity()).as("no context left on the test thread").isNull();
		XRayAwsSdkInterceptor.uninstall(this.interceptor);
		XRaySqsReceiveInterceptor.deactivate(this.activation);
		this.sqs.close();
	}

	@Test
	void consumersSegmentIsAChildOfTheProducersSendMessageSubsegment() {
		Segment producer = this.recorder.beginSegment("producer-svc");
		this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("{\"secret\":\"body\"}"));
		this.recorder.endSegment();

		// no system attribute asked for: the receive interceptor asks for AWSTraceHeader
		Message message = receiveOne();
		this.messages.process(message, () -> this.sqs
			.deleteMessage((request) -> request.queueUrl(this.queueUrl).receiptHandle(message.receiptHandle())));

		RecordedTraces traces = this.emitter.traces();
		assertThat(traces).hasTraceCount(1).hasTraceId(producer.getTraceId());
		RecordedEntity send = traces.children(traces.named("producer-svc")).get(0);
		assertThat(send, traces).isSubsegment()
			.hasName("SQS")
			.hasNamespace("aws")
			.hasAws("operation", "SendMessage")
			.hasAws("queue_url", this.queueUrl);
		RecordedEntity consumer = traces.named("consumer-svc");
		assertThat(consumer, traces).isSegment()
			.hasTraceId(producer.getTraceId())
			.hasParentId(send.id())
			.isNotFault()
			.hasMetadata("sqs", "message_id", message.messageId());
		assertThat(consumer.json().toString()).doesNotContain("secret");
		// work done while processing is recorded under the consumer's segment
		assertThat(traces.children(consumer)).singleElement()
			.satisfies((delete) -> assertThat(delete, traces).hasName("SQS").hasAws("operation", "DeleteMessage"));

		// the trace travelled in the explicit attribute, as in the HTTP header that SQS
		// itself would copy
		SendMessageRequest request = (SendMessageRequest) this.sent.get(0);
		String attribute = request.messageSystemAttributes()
			.get(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER)
			.stringValue();
		assertThat(attribute).isEqualTo("Root=" + producer.getTraceId() + ";Parent=" + send.id() + ";Sampled=1");
		assertThat(XRaySqsMessages.traceHeader(message)).isEqualTo(attribute);
	}

	@Test
	void batchEntriesCarryTheTraceUnlessTheCallerSetTheirs() {
		String own = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
		Segment producer = this.recorder.beginSegment("producer-svc");
		this.sqs.sendMessageBatch((request) -> request.queueUrl(this.queueUrl)
			.entries(SendMessageBatchRequestEntry.builder().id("a").messageBody("a").build(),
					SendMessageBatchRequestEntry.builder()
						.id("b")
						.messageBody("b")
						.messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
								MessageSystemAttributeValue.builder().dataType("String").stringValue(own).build()))
						.build()));
		this.recorder.endSegment();

		SendMessageBatchRequest request = (SendMessageBatchRequest) this.sent.get(0);
		RecordedTraces producerTraces = this.emitter.traces();
		RecordedEntity send = producerTraces.named("SQS");
		assertThat(send, producerTraces).hasAws("operation", "SendMessageBatch");
		assertThat(request.entries())
			.extracting((entry) -> entry.messageSystemAttributes()
				.get(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER)
				.stringValue())
			.containsExactly("Root=" + producer.getTraceId() + ";Parent=" + send.id() + ";Sampled=1", own);
		this.emitter.clear();

		List<Message> received = receive(2);
		for (Message message : received) {
			this.messages.process(message, () -> {
			});
		}
		RecordedTraces traces = this.emitter.traces();
		RecordedEntity a = consumerOf(traces, received, "a");
		assertThat(a, traces).hasTraceId(producer.getTraceId()).hasParentId(send.id());
		RecordedEntity b = consumerOf(traces, received, "b");
		assertThat(b, traces).hasTraceId("1-5759e988-bd862e3fe1be46a994272793").hasParentId("53995c3f42cd8ad8");
	}

	@Test
	void processingThatThrowsIsAFaultAndTheExceptionReachesTheCaller() {
		this.recorder.beginSegment("producer-svc");
		this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("x"));
		this.recorder.endSegment();
		Message message = receiveOne();

		assertThatIllegalStateException().isThrownBy(() -> this.messages.process(message, () -> {
			throw new IllegalStateException("cannot handle");
		})).withMessage("cannot handle");

		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.named("consumer-svc"), traces).isFault()
			.hasException(IllegalStateException.class)
			.hasParentId(traces.named("SQS").id());
	}

	@Test
	void callReturnsTheResultAndCheckedExceptionsPassThrough() throws Exception {
		this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("x"));
		Message message = receiveOne();
		assertThat(this.messages.call(message, () -> 42)).isEqualTo(42);
		Message again = message;
		java.io.IOException failure = new java.io.IOException("disk");
		org.assertj.core.api.Assertions.assertThatIOException().isThrownBy(() -> this.messages.call(again, () -> {
			throw failure;
		})).isSameAs(failure);
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.allNamed("consumer-svc")).hasSize(2);
		assertThat(traces.allNamed("consumer-svc").get(1), traces).isFault().hasException(java.io.IOException.class);
	}

	@Test
	void unsampledProducerYieldsNoConsumerSegment() {
		Segment producer = this.recorder.beginSegment("producer-svc",
				TraceHeader.of(null, null, SampleDecision.NOT_SAMPLED), new SamplingRequest(null, null, null, null));
		assertThat(producer.isSampled()).isFalse();
		this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("x"));
		this.recorder.endSegment();
		Message message = receiveOne();
		assertThat(XRaySqsMessages.traceHeader(message)).startsWith("Root=" + producer.getTraceId())
			.endsWith(";Sampled=0");

		AtomicReference<Segment> consumer = new AtomicReference<>();
		try (SqsMessageSegment scope = this.messages.beginSegment(message, this.queueUrl)) {
			consumer.set(scope.segment());
			assertThat(this.recorder.getCurrentEntity()).isSameAs(scope.segment());
		}
		assertThat(consumer.get().isSampled()).isFalse();
		assertThat(consumer.get().getTraceId()).isEqualTo(producer.getTraceId());
		assertThat(this.emitter.documents()).isEmpty();
	}

	@Test
	void messageWithoutTheAttributeBeginsANewTraceSampledByTheStrategy() {
		// sent outside a trace: no attribute, no header
		this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("x"));
		this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("y"));
		assertThat(this.emitter.documents()).isEmpty();
		List<Message> received = receive(2);
		assertThat(received).allSatisfy((message) -> assertThat(XRaySqsMessages.traceHeader(message)).isNull());

		this.messages.process(received.get(0), () -> {
		});
		this.sample.set(false);
		this.messages.process(received.get(1), () -> {
		});

		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments()).singleElement().satisfies((segment) -> {
			assertThat(segment.name()).isEqualTo("consumer-svc");
			assertThat(segment.parentId()).isNull();
			assertThat(segment, traces).hasMetadata("sqs", "message_id", received.get(0).messageId());
		});
	}

	@Test
	void hostileAttributeBeginsANewTraceWithoutFailing() {
		List<String> hostile = List.of("Root=1-zzzz;Parent=<script>;Sampled=1",
				"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=" + "9".repeat(3000),
				"Root=" + "1-5759e988-bd862e3fe1be46a994272793;".repeat(80), ";;;===;;", "\u0000\u0001Root=\n");
		for (String value : hostile) {
			this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl)
				.messageBody("x")
				.messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
						MessageSystemAttributeValue.builder().dataType("String").stringValue(value).build())));
		}
		List<Message> received = receive(hostile.size());
		for (Message message : received) {
			this.messages.process(message, () -> {
			});
		}
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments()).hasSize(hostile.size())
			.allSatisfy((segment) -> assertThat(segment.parentId()).isNull());
		assertThat(traces.traceIds()).hasSize(hostile.size()).doesNotContain("1-5759e988-bd862e3fe1be46a994272793");
	}

	@Test
	void receiveAsksForTheTraceHeaderOnlyWhenItAsksForNoSystemAttribute() {
		this.recorder.beginSegment("producer-svc");
		for (int i = 0; i < 3; i++) {
			this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("x"));
		}
		this.recorder.endSegment();
		// the application asked for another attribute: left as it is
		Message other = this.sqs
			.receiveMessage((request) -> request.queueUrl(this.queueUrl)
				.messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))
			.messages()
			.get(0);
		assertThat(other.attributesAsStrings()).containsOnlyKeys("SentTimestamp");
		// deactivated (the switch off, or the context closed): nothing asked for
		XRaySqsReceiveInterceptor.deactivate(this.activation);
		Message plain = this.sqs.receiveMessage((request) -> request.queueUrl(this.queueUrl)).messages().get(0);
		assertThat(plain.hasAttributes()).isFalse();
		XRaySqsReceiveInterceptor.activate(this.activation);
		Message traced = this.sqs.receiveMessage((request) -> request.queueUrl(this.queueUrl)).messages().get(0);
		assertThat(traced.attributesAsStrings()).containsOnlyKeys("AWSTraceHeader");
	}

	@Test
	void segmentIsEndedOnceAndThePreviousContextRestored() {
		this.sqs.sendMessage((request) -> request.queueUrl(this.queueUrl).messageBody("x"));
		Message message = receiveOne();
		Segment outer = this.recorder.beginSegment("poller");
		SqsMessageSegment scope = this.messages.beginSegment(message, this.queueUrl);
		assertThat(this.recorder.getCurrentEntity()).isSameAs(scope.segment());
		Subsegment inner = this.recorder.beginSubsegment("handle");
		inner.end();
		scope.close();
		scope.close();
		assertThat(this.recorder.getCurrentEntity()).isSameAs(outer);
		this.recorder.endSegment();
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.allNamed("consumer-svc")).singleElement()
			.satisfies((segment) -> assertThat(segment, traces).hasMetadata("sqs", "queue_url", this.queueUrl)
				.hasChildNamed("handle"));
		assertThat(traces.allNamed("poller")).hasSize(1);
	}

	private Message receiveOne() {
		return receive(1).get(0);
	}

	private List<Message> receive(int count) {
		List<Message> received = new java.util.ArrayList<>();
		for (int attempt = 0; attempt < 10 && received.size() < count; attempt++) {
			received
				.addAll(this.sqs.receiveMessage((request) -> request.queueUrl(this.queueUrl).maxNumberOfMessages(10))
					.messages());
		}
		assertThat(received).hasSize(count);
		return received;
	}

	private static RecordedEntity consumerOf(RecordedTraces traces, List<Message> received, String body) {
		String id = received.stream().filter((message) -> message.body().equals(body)).findFirst().get().messageId();
		return traces.allNamed("consumer-svc")
			.stream()
			.filter((segment) -> id.equals(segment.json().path("metadata").path("sqs").path("message_id").asString()))
			.findFirst()
			.get();
	}

	/** Records each request as the SDK transmits it, after every interceptor. */
	private record RecordingInterceptor(List<SdkRequest> requests) implements ExecutionInterceptor {

		@Override
		public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
			if (!(context.request() instanceof software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest)) {
				this.requests.add(context.request());
			}
		}

	}

}
