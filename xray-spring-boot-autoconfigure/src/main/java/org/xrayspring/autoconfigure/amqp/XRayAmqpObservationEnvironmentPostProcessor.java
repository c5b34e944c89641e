package org.xrayspring.autoconfigure.amqp;

import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import org.xrayspring.autoconfigure.messaging.MessagingObservationDefaults;

/**
 * Turns on the observations that Spring AMQP tracing is built on, which Spring Boot
 * leaves off by default: {@code spring.rabbitmq.template.observation-enabled},
 * {@code spring.rabbitmq.listener.simple.observation-enabled} and
 * {@code spring.rabbitmq.listener.direct.observation-enabled}. This adds, with the lowest
 * precedence, a property source answering {@code true} for them while Spring Rabbit is on
 * the class path and X-Ray tracing and its AMQP instrumentation
 * ({@value #ENABLED_PROPERTY}) are enabled; any value the application sets wins.
 */
class XRayAmqpObservationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "xrayAmqpObservation";

	static final String ENABLED_PROPERTY = "xray.instrumentation.amqp.enabled";

	static final Set<String> OBSERVATION_PROPERTIES = Set.of("spring.rabbitmq.template.observation-enabled",
			"spring.rabbitmq.listener.simple.observation-enabled",
			"spring.rabbitmq.listener.direct.observation-enabled");

	private static final String RABBIT_TEMPLATE = "org.springframework.amqp.rabbit.core.RabbitTemplate";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClassUtils.isPresent(RABBIT_TEMPLATE, application.getClassLoader())) {
			MessagingObservationDefaults.addTo(environment, PROPERTY_SOURCE_NAME, ENABLED_PROPERTY,
					OBSERVATION_PROPERTIES);
		}
	}

}
