package org.xrayspring.autoconfigure.amqp;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageSenderContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.autoconfigure.observation.XRayObservationHandler;
import org.xrayspring.recorder.Emitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XRayAmqpAutoConfiguration} and
 * {@link XRayAmqpObservationEnvironmentPostProcessor}.
 */
class XRayAmqpAutoConfigurationTests {

	private static final String TEMPLATE = "spring.rabbitmq.template.observation-enabled";

	private static final String SIMPLE = "spring.rabbitmq.listener.simple.observation-enabled";

	private static final String DIRECT = "spring.rabbitmq.listener.direct.observation-enabled";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayAmqpAutoConfiguration.class))
		.withBean(Emitter.class, Emitter::noop);

	private final Message message = new Message(new byte[0], new MessageProperties());

	@Test
	void registersAHandlerForTheRabbitContextsOnly() {
		this.runner.withPropertyValues("spring.application.name=orders-service").run((context) -> {
			assertThat(context).hasSingleBean(XRayMessagingObservationHandler.class)
				.hasBean(XRayAmqpAutoConfiguration.HANDLER_BEAN_NAME);
			XRayMessagingObservationHandler handler = context.getBean(XRayMessagingObservationHandler.class);
			assertThat(handler.supportsContext(new RabbitMessageSenderContext(this.message, "t", "ex", "rk"))).isTrue();
			assertThat(handler.supportsContext(new RabbitMessageReceiverContext(this.message, "l"))).isTrue();
			assertThat(handler.supportsContext(new io.micrometer.observation.Observation.Context())).isFalse();
		});
	}

	@Test
	void theDestinationIsTheExchangeOrForTheDefaultExchangeTheRoutingKeyAndTheConsumedQueue() {
		assertThat(XRayAmqpAutoConfiguration
			.destination(new RabbitMessageSenderContext(this.message, "t", "orders", "placed.eu"))).isEqualTo("orders");
		assertThat(XRayAmqpAutoConfiguration.destination(new RabbitMessageSenderContext(this.message, "t", "", "q1")))
			.isEqualTo("q1");
		MessageProperties properties = new MessageProperties();
		properties.setConsumerQueue("orders-queue");
		assertThat(XRayAmqpAutoConfiguration
			.destination(new RabbitMessageReceiverContext(new Message(new byte[0], properties), "l")))
			.isEqualTo("orders-queue");
	}

	@Test
	void backsOffWhenSwitchedOff() {
		this.runner.withPropertyValues("xray.instrumentation.amqp.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void backsOffWhenTracingIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void backsOffWithoutSpringRabbit() {
		this.runner.withClassLoader(new FilteredClassLoader(RabbitTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void aHandlerOfTheSameNameWins() {
		this.runner
			.withBean(XRayAmqpAutoConfiguration.HANDLER_BEAN_NAME, XRayObservationHandler.class,
					() -> new XRayObservationHandler(
							org.xrayspring.recorder.XRayRecorder.builder().emitter(Emitter.noop()).build()))
			.run((context) -> assertThat(context).doesNotHaveBean(XRayMessagingObservationHandler.class));
	}

	@Test
	void environmentPostProcessorTurnsTheObservationsOnUnlessSwitchedOffOrSetByTheApplication() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> application = new HashMap<>();
		environment.getPropertySources().addFirst(new MapPropertySource("application", application));
		new XRayAmqpObservationEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(TEMPLATE, Boolean.class)).isTrue();
		assertThat(environment.getProperty(SIMPLE, Boolean.class)).isTrue();
		assertThat(environment.getProperty(DIRECT, Boolean.class)).isTrue();
		assertThat(environment.getProperty("spring.rabbitmq.listener.stream.observation-enabled")).isNull();
		application.put("xray.instrumentation.amqp.enabled", "false");
		assertThat(environment.getProperty(TEMPLATE)).isNull();
		assertThat(environment.getProperty(SIMPLE)).isNull();
		assertThat(environment.getProperty(DIRECT)).isNull();
		application.clear();
		application.put("xray.enabled", "false");
		assertThat(environment.getProperty(TEMPLATE)).isNull();
		application.clear();
		application.put(TEMPLATE, "false");
		assertThat(environment.getProperty(TEMPLATE, Boolean.class)).isFalse();
		assertThat(environment.getProperty(SIMPLE, Boolean.class)).isTrue();
	}

	@Test
	void environmentPostProcessorAddsNothingWithoutSpringRabbit() {
		StandardEnvironment environment = new StandardEnvironment();
		SpringApplication application = new SpringApplication(
				new DefaultResourceLoader(new FilteredClassLoader(RabbitTemplate.class)));
		new XRayAmqpObservationEnvironmentPostProcessor().postProcessEnvironment(environment, application);
		assertThat(environment.getProperty(TEMPLATE)).isNull();
		assertThat(environment.getPropertySources()
			.contains(XRayAmqpObservationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

}
