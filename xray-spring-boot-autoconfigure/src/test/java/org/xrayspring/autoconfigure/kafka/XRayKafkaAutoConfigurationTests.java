package org.xrayspring.autoconfigure.kafka;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.autoconfigure.observation.XRayObservationHandler;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XRayKafkaAutoConfiguration} and
 * {@link XRayKafkaObservationEnvironmentPostProcessor}.
 */
class XRayKafkaAutoConfigurationTests {

	private static final String TEMPLATE = "spring.kafka.template.observation-enabled";

	private static final String LISTENER = "spring.kafka.listener.observation-enabled";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayKafkaAutoConfiguration.class))
		.withBean(Emitter.class, Emitter::noop);

	private final KafkaRecordSenderContext sender = new KafkaRecordSenderContext(
			new ProducerRecord<>("orders", "value"), "kafkaTemplate", () -> "cluster");

	private final KafkaRecordReceiverContext receiver = new KafkaRecordReceiverContext(
			new ConsumerRecord<>("orders-in", 0, 42L, "key", "value"), "listener", () -> "cluster");

	@Test
	void registersAHandlerForTheKafkaContextsOnly() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XRayMessagingObservationHandler.class)
				.hasBean(XRayKafkaAutoConfiguration.HANDLER_BEAN_NAME);
			XRayMessagingObservationHandler handler = context.getBean(XRayMessagingObservationHandler.class);
			assertThat(handler.supportsContext(this.sender)).isTrue();
			assertThat(handler.supportsContext(this.receiver)).isTrue();
			assertThat(handler.supportsContext(new Observation.Context())).isFalse();
		});
	}

	@Test
	void theGenericObservationHandlerLeavesTheKafkaContextsToIt() {
		XRayObservationHandler generic = new XRayObservationHandler(
				XRayRecorder.builder().emitter(Emitter.noop()).build());
		assertThat(generic.supportsContext(this.sender)).isFalse();
		assertThat(generic.supportsContext(this.receiver)).isFalse();
	}

	@Test
	void theDestinationIsTheTopic() {
		assertThat(XRayKafkaAutoConfiguration.topic(this.sender)).isEqualTo("orders");
		assertThat(XRayKafkaAutoConfiguration.topic(this.receiver)).isEqualTo("orders-in");
		assertThat(XRayKafkaAutoConfiguration.topic(new Observation.Context())).isNull();
	}

	@Test
	void backsOffWhenSwitchedOff() {
		this.runner.withPropertyValues("xray.instrumentation.kafka.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void backsOffWhenTracingIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void backsOffWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void backsOffWithoutMicrometerObservation() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationHandler.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void aHandlerOfTheSameNameWins() {
		this.runner
			.withBean(XRayKafkaAutoConfiguration.HANDLER_BEAN_NAME, XRayObservationHandler.class,
					() -> new XRayObservationHandler(XRayRecorder.builder().emitter(Emitter.noop()).build()))
			.run((context) -> assertThat(context).doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void environmentPostProcessorTurnsTheObservationsOnUnlessSwitchedOffOrSetByTheApplication() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> application = new HashMap<>();
		environment.getPropertySources().addFirst(new MapPropertySource("application", application));
		new XRayKafkaObservationEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TEMPLATE, Boolean.class)).isTrue();
		assertThat(environment.getProperty(LISTENER, Boolean.class)).isTrue();
		assertThat(environment.getProperty("spring.kafka.listener.auto-startup")).isNull();
		application.put("xray.instrumentation.kafka.enabled", "false");
		assertThat(environment.getProperty(TEMPLATE)).isNull();
		assertThat(environment.getProperty(LISTENER)).isNull();
		application.clear();
		application.put("xray.enabled", "false");
		assertThat(environment.getProperty(TEMPLATE)).isNull();
		assertThat(environment.getProperty(LISTENER)).isNull();
		application.clear();
		application.put(LISTENER, "false");
		assertThat(environment.getProperty(LISTENER, Boolean.class)).isFalse();
		assertThat(environment.getProperty(TEMPLATE, Boolean.class)).isTrue();
	}

	@Test
	void environmentPostProcessorAddsNothingWithoutSpringKafka() {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication(
				new DefaultResourceLoader(new FilteredClassLoader(KafkaTemplate.class)));
		new XRayKafkaObservationEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		assertThat(environment.getProperty(TEMPLATE)).isNull();
		assertThat(environment.getPropertySources()
			.contains(XRayKafkaObservationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

}
