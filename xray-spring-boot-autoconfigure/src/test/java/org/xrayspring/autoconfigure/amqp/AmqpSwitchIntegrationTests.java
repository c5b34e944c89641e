package org.xrayspring.autoconfigure.amqp;

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
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AMQP switch and the observation defaults, with applications started the way users
 * start them ({@link SpringApplication}, so that environment post-processors run) against
 * the real RabbitMQ broker on 127.0.0.1:5672.
 */
class AmqpSwitchIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private ConfigurableApplicationContext run(String... properties) {
		SpringApplication application = new SpringApplication(SwitchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		String[] args = new String[properties.length + 4];
		args[0] = "--spring.main.banner-mode=off";
		args[1] = "--spring.application.name=orders-service";
		args[2] = "--spring.rabbitmq.host=127.0.0.1";
		args[3] = "--xray.daemon-address=127.0.0.1:9";
		for (int i = 0; i < properties.length; i++) {
			args[i + 4] = "--" + properties[i];
		}
		return application.run(args);
	}

	@Test
	void onByDefaultTheObservationsAreTurnedOn() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty("spring.rabbitmq.template.observation-enabled"))
				.isEqualTo("true");
			Received received = sendInATraceAndReceive(context);
			assertThat(received.header()).as("the template's send is traced").isNotNull();
			RecordedTraces traces = traces(context, 2);
			assertThat(traces.allNamed("orders-service")).hasSize(1);
		}
	}

	@Test
	void switchedOffNothingIsRecordedAndTheObservationsStayOff() throws Exception {
		try (ConfigurableApplicationContext context = run("xray.instrumentation.amqp.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("spring.rabbitmq.template.observation-enabled")).isNull();
			assertThat(context.getEnvironment().getProperty("spring.rabbitmq.listener.simple.observation-enabled"))
				.isNull();
			// the other messaging instrumentations (Kafka) have handlers of their own
			assertThat(context.containsBean(XRayAmqpAutoConfiguration.HANDLER_BEAN_NAME)).isFalse();
			Received received = sendInATraceAndReceive(context);
			assertThat(received.header()).isNull();
			assertThat(received.traceId()).as("no segment current in the listener").isNull();
			RecordedTraces traces = traces(context, 1);
			assertThat(traces.documents()).hasSize(1);
			assertThat(traces.entities()).as("the producer's segment only").hasSize(1);
		}
	}

	@Test
	void theApplicationsPropertyWins() throws Exception {
		try (ConfigurableApplicationContext context = run("spring.rabbitmq.template.observation-enabled=false")) {
			Received received = sendInATraceAndReceive(context);
			assertThat(received.header()).as("the template's observation is off").isNull();
			assertThat(received.traceId()).as("the listener's is on: a trace of its own").isNotNull();
			RecordedTraces traces = traces(context, 2);
			assertThat(traces.traceIds()).hasSize(2);
			assertThat(traces.subsegments()).isEmpty();
		}
	}

	private Received sendInATraceAndReceive(ConfigurableApplicationContext context) throws InterruptedException {
		XRayRecorder recorder = context.getBean(XRayRecorder.class);
		Segment segment = recorder.beginSegment("producer");
		context.getBean(RabbitTemplate.class).convertAndSend("", context.getBean(Queue.class).getName(), "hello");
		recorder.endSegment();
		assertThat(segment.isSampled()).isTrue();
		Received received = context.getBean(SwitchListener.class).received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(received).as("a message received").isNotNull();
		return received;
	}

	private RecordedTraces traces(ConfigurableApplicationContext context, int documents) {
		InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
		emitter.awaitDocuments(documents, WAIT);
		return emitter.traces();
	}

	record Received(String header, String traceId) {

	}

	static class SwitchListener {

		final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

		private final XRayRecorder recorder;

		SwitchListener(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@RabbitListener(queues = "#{@xraySwitchQueue.name}")
		public void receive(Message message) {
			Object header = message.getMessageProperties().getHeader(TraceHeader.HEADER_NAME);
			this.received.add(
					new Received((header instanceof String string) ? string : null, this.recorder.getCurrentTraceId()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@AutoConfigureXRayTest
	@Import(SwitchListener.class)
	static class SwitchApplication {

		@Bean
		Queue xraySwitchQueue() {
			return new Queue("xray-amqp-switch-" + UUID.randomUUID(), false, false, true);
		}

	}

}
