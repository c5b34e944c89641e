package org.xrayspring.autoconfigure.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka switch and the observation defaults, with applications started the way users
 * start them ({@link SpringApplication}, so that environment post-processors run) against
 * a real Kafka broker on loopback; each application has a topic and a consumer group of
 * its own.
 */
class KafkaSwitchIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private ConfigurableApplicationContext run(String... properties) {
		SpringApplication application = new SpringApplication(SwitchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> args = new ArrayList<>(List.of("--spring.main.banner-mode=off",
				"--spring.application.name=orders-service", "--xray.daemon-address=127.0.0.1:9",
				"--spring.kafka.bootstrap-servers=" + LoopbackKafkaBroker.shared().bootstrapServers(),
				"--spring.kafka.consumer.auto-offset-reset=earliest",
				"--spring.kafka.consumer.group-id=xray-kafka-switch-" + UUID.randomUUID(),
				"--xray-test.topic=xray-kafka-switch-" + UUID.randomUUID(), "--logging.level.org.apache.kafka=warn",
				"--logging.level.kafka=warn", "--logging.level.org.springframework.kafka=warn"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return application.run(args.toArray(String[]::new));
	}

	@Test
	void onByDefaultTheObservationsAreTurnedOn() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty("spring.kafka.template.observation-enabled"))
				.isEqualTo("true");
			assertThat(context.getEnvironment().getProperty("spring.kafka.listener.observation-enabled"))
				.isEqualTo("true");
			Segment producer = context.getBean(XRayRecorder.class).beginSegment("producer");
			Received received = sendAndReceive(context, producer);
			assertThat(received.header()).as("the template's send is traced")
				.startsWith("Root=" + producer.getTraceId());
			assertThat(received.traceId()).as("the listener's segment joins the trace")
				.isEqualTo(producer.getTraceId());
			RecordedTraces traces = traces(context, 2);
			assertThat(traces.allNamed("orders-service")).hasSize(1);
		}
	}

	@Test
	void switchedOffNothingIsRecordedAndTheObservationsStayOff() throws Exception {
		try (ConfigurableApplicationContext context = run("xray.instrumentation.kafka.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("spring.kafka.template.observation-enabled")).isNull();
			assertThat(context.getEnvironment().getProperty("spring.kafka.listener.observation-enabled")).isNull();
			assertThat(context.containsBean(XRayKafkaAutoConfiguration.HANDLER_BEAN_NAME)).isFalse();
			Segment producer = context.getBean(XRayRecorder.class).beginSegment("producer");
			Received received = sendAndReceive(context, producer);
			assertThat(received.header()).isNull();
			assertThat(received.traceId()).as("no segment current in the listener").isNull();
			RecordedTraces traces = traces(context, 1);
			assertThat(traces.entities()).as("the producer's segment only").hasSize(1);
		}
	}

	@Test
	void theApplicationsPropertyWins() throws Exception {
		try (ConfigurableApplicationContext context = run("spring.kafka.template.observation-enabled=false")) {
			Segment producer = context.getBean(XRayRecorder.class).beginSegment("producer");
			Received received = sendAndReceive(context, producer);
			assertThat(received.header()).as("the template's observation is off").isNull();
			assertThat(received.traceId()).as("the listener's is on: a trace of its own")
				.isNotNull()
				.isNotEqualTo(producer.getTraceId());
			RecordedTraces traces = traces(context, 2);
			assertThat(traces.traceIds()).hasSize(2);
			assertThat(traces.subsegments()).isEmpty();
		}
	}

	@Test
	void theApplicationsListenerPropertyWins() throws Exception {
		try (ConfigurableApplicationContext context = run("spring.kafka.listener.observation-enabled=false")) {
			Segment producer = context.getBean(XRayRecorder.class).beginSegment("producer");
			Received received = sendAndReceive(context, producer);
			assertThat(received.header()).as("the template's send is traced")
				.startsWith("Root=" + producer.getTraceId());
			assertThat(received.traceId()).as("the listener's observation is off").isNull();
			RecordedTraces traces = traces(context, 1);
			assertThat(traces.segments()).singleElement().extracting((segment) -> segment.name()).isEqualTo("producer");
		}
	}

	@SuppressWarnings("unchecked")
	private Received sendAndReceive(ConfigurableApplicationContext context, Segment producer) throws Exception {
		XRayRecorder recorder = context.getBean(XRayRecorder.class);
		String topic = context.getEnvironment().getProperty("xray-test.topic");
		context.getBean(KafkaTemplate.class).send(topic, "hello").get(WAIT.toSeconds(), TimeUnit.SECONDS);
		recorder.endSegment();
		assertThat(producer.isSampled()).isTrue();
		Received received = context.getBean(SwitchListener.class).received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(received).as("a record received").isNotNull();
		return received;
	}

	private RecordedTraces traces(ConfigurableApplicationContext context, int documents) {
		InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
		emitter.awaitDocuments(documents, WAIT);
		return emitter.traces();
	}

	record Received(@Nullable String header, @Nullable String traceId) {

	}

	static class SwitchListener {

		final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

		private final XRayRecorder recorder;

		SwitchListener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@KafkaListener(topics = "${xray-test.topic}")
		public void receive(ConsumerRecord<String, String> record) {
			Header header = record.headers().lastHeader(TraceHeader.HEADER_NAME);
			this.received.add(new Received((header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null,
					this.recorder.getCurrentTraceId()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@AutoConfigureXRayTest
	@Import(SwitchListener.class)
	static class SwitchApplication {

		@Bean
		NewTopic xraySwitchTopic(Environment environment) {
			return TopicBuilder.name(environment.getRequiredProperty("xray-test.topic"))
				.partitions(1)
				.replicas(1)
				.build();
		}

	}

}
