package org.xrayspring.autoconfigure.sqs;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.annotation.SqsListener;
import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.awssdk.XRayAwsSdkAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * {@code @SqsListener} methods of Spring Cloud AWS 4.0, with its own auto-configured
 * async SQS client and listener containers, against ElasticMQ on loopback.
 */
class XRaySqsListenerTests {

	private static ElasticMqServer server;

	private final String queue = "orders-" + UUID.randomUUID();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayAwsSdkAutoConfiguration.class,
					XRaySqsAutoConfiguration.class, AwsAutoConfiguration.class,
					CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
					SqsAutoConfiguration.class))
			.withPropertyValues("xray.sampling.fixed-target=100", "xray.sampling.rate=1",
					"spring.application.name=orders-consumer", "spring.cloud.aws.sqs.endpoint=" + server.uri(),
					"spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=AKIDEXAMPLE",
					"spring.cloud.aws.credentials.secret-key=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
					"spring.cloud.aws.sqs.enabled=true", "spring.cloud.aws.sqs.listener.poll-timeout=1s",
					"test.queue=" + this.queue)
			.withBean(Emitter.class, InMemoryEmitter::new)
			.withUserConfiguration(Listener.class);
	}

	@BeforeAll
	static void startServer() {
		server = ElasticMqServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void listenerRunsInsideASegmentJoinedToTheProducersSubsegment() {
		runner().run((context) -> {
			assertThat(context).hasSingleBean(XRaySqsListenerInterceptor.class);
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = (InMemoryEmitter) context.getBean(Emitter.class);
			Listener listener = context.getBean(Listener.class);
			Segment producer = send(recorder, "hello", null);
			emitter.awaitDocuments(2, Duration.ofSeconds(30));
			RecordedTraces traces = emitter.traces();
			RecordedEntity sendCall = traces.children(traces.named("producer-svc")).get(0);
			assertThat(sendCall, traces).hasName("SQS").hasAws("operation", "SendMessage");
			RecordedEntity consumer = traces.named("orders-consumer");
			assertThat(consumer, traces).isSegment()
				.hasTraceId(producer.getTraceId())
				.hasParentId(sendCall.id())
				.isNotFault()
				.hasMetadata("sqs", "queue_name", this.queue)
				.hasChildNamed("handle");
			assertThat(listener.seen.get("hello")).isEqualTo(producer.getTraceId());
		});
	}

	@Test
	void listenerOfAFactoryTheApplicationDefinesIsTracedOnce() {
		runner().withUserConfiguration(OwnFactory.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = (InMemoryEmitter) context.getBean(Emitter.class);
			Segment producer = send(recorder, "hello", null);
			emitter.awaitDocuments(2, Duration.ofSeconds(30));
			RecordedTraces traces = emitter.traces();
			RecordedEntity consumer = traces.named("orders-consumer");
			assertThat(consumer, traces).hasTraceId(producer.getTraceId())
				.hasParentId(traces.children(traces.named("producer-svc")).get(0).id());
		});
	}

	@Test
	void listenerThatThrowsRecordsAFault() {
		runner().run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = (InMemoryEmitter) context.getBean(Emitter.class);
			Segment producer = send(recorder, "boom", null);
			emitter.awaitDocuments(2, Duration.ofSeconds(30));
			RecordedTraces traces = emitter.traces();
			RecordedEntity consumer = traces.allNamed("orders-consumer").get(0);
			assertThat(consumer, traces).hasTraceId(producer.getTraceId())
				.isFault()
				.hasException(IllegalStateException.class);
		});
	}

	@Test
	void unsampledProducerYieldsNoConsumerSegment() {
		runner().run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = (InMemoryEmitter) context.getBean(Emitter.class);
			Listener listener = context.getBean(Listener.class);
			Segment unsampled = send(recorder, "quiet", TraceHeader.of(null, null, SampleDecision.NOT_SAMPLED));
			assertThat(unsampled.isSampled()).isFalse();
			await().atMost(Duration.ofSeconds(30)).until(() -> listener.segments.containsKey("quiet"));
			Segment consumer = listener.segments.get("quiet");
			await().atMost(Duration.ofSeconds(30)).until(consumer::isEnded);
			assertThat(consumer.getTraceId()).isEqualTo(unsampled.getTraceId());
			assertThat(consumer.isSampled()).isFalse();
			assertThat(emitter.traces().documents()).isEmpty();
		});
	}

	@Test
	void switchedOffNothingIsTraced() {
		runner().withPropertyValues("xray.instrumentation.sqs.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRaySqsListenerInterceptor.class)
				.doesNotHaveBean(XRaySqsMessages.class);
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = (InMemoryEmitter) context.getBean(Emitter.class);
			Listener listener = context.getBean(Listener.class);
			send(recorder, "hello", null);
			await().atMost(Duration.ofSeconds(30)).until(() -> listener.seen.containsKey("hello"));
			assertThat(listener.seen.get("hello")).isEqualTo("none");
			assertThat(emitter.traces().segments()).extracting(RecordedEntity::name).containsExactly("producer-svc");
		});
	}

	private Segment send(XRayRecorder recorder, String body, TraceHeader incoming) {
		try (SqsClient sqs = server.client()) {
			String url = sqs.getQueueUrl((request) -> request.queueName(this.queue)).queueUrl();
			Segment producer = (incoming != null)
					? recorder.beginSegment("producer-svc", incoming, new SamplingRequest(null, null, null, null))
					: recorder.beginSegment("producer-svc");
			try {
				sqs.sendMessage((request) -> request.queueUrl(url).messageBody(body));
			}
			finally {
				recorder.endSegment();
			}
			return producer;
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFactory {

		@Bean
		SqsMessageListenerContainerFactory<Object> defaultSqsListenerContainerFactory(SqsAsyncClient client) {
			return SqsMessageListenerContainerFactory.builder()
				.sqsAsyncClient(client)
				.configure((options) -> options.pollTimeout(Duration.ofSeconds(1)))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		final Map<String, String> seen = new ConcurrentHashMap<>();

		final Map<String, Segment> segments = new ConcurrentHashMap<>();

		private final XRayRecorder recorder;

		Listener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@SqsListener("${test.queue}")
		void onMessage(String body) {
			Segment segment = this.recorder.getCurrentSegment();
			if (segment != null) {
				this.segments.put(body, segment);
				this.recorder.inSubsegment("handle", () -> {
				});
			}
			this.seen.put(body, (segment != null) ? segment.getTraceId() : "none");
			if (body.equals("boom")) {
				throw new IllegalStateException("cannot handle " + body);
			}
		}

	}

}
