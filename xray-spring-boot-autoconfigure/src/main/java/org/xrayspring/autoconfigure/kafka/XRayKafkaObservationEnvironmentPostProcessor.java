package org.xrayspring.autoconfigure.kafka;

import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import org.xrayspring.autoconfigure.messaging.MessagingObservationDefaults;

/**
 * Turns on the observations that Spring Kafka tracing is built on, which Spring Boot
 * leaves off by default: {@code spring.kafka.template.observation-enabled} and
 * {@code spring.kafka.listener.observation-enabled}. This adds, with the lowest
 * precedence, a property source answering {@code true} for them while Spring Kafka is on
 * the class path and X-Ray tracing and its Kafka instrumentation
 * ({@value #ENABLED_PROPERTY}) are enabled; any value the application sets wins.
 */
class XRayKafkaObservationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "xrayKafkaObservation";

	static final String ENABLED_PROPERTY = "xray.instrumentation.kafka.enabled";

	static final Set<String> OBSERVATION_PROPERTIES = Set.of("spring.kafka.template.observation-enabled",
			"spring.kafka.listener.observation-enabled");

	private static final String KAFKA_TEMPLATE = "org.springframework.kafka.core.KafkaTemplate";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClassUtils.isPresent(KAFKA_TEMPLATE, application.getClassLoader())) {
			MessagingObservationDefaults.addTo(environment, PROPERTY_SOURCE_NAME, ENABLED_PROPERTY,
					OBSERVATION_PROPERTIES);
		}
	}

}
