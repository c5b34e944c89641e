package org.xrayspring.autoconfigure.kafka;

import java.util.List;

import io.micrometer.observation.ObservationHandler;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of Spring Kafka tracing: an {@link XRayMessagingObservationHandler}
 * for the observations of {@link KafkaTemplate} sends and of listener containers
 * ({@code @KafkaListener}), which Spring Boot's observation auto-configuration registers
 * with the {@code ObservationRegistry}. A send's destination, and a delivery's, is the
 * record's topic. Those observations are off by default in Spring Boot; while this
 * instrumentation is on they are turned on with the lowest precedence (see
 * {@link XRayKafkaObservationEnvironmentPostProcessor}).
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass({ KafkaTemplate.class, KafkaRecordSenderContext.class, ObservationHandler.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = XRayKafkaObservationEnvironmentPostProcessor.ENABLED_PROPERTY,
		matchIfMissing = true)
public final class XRayKafkaAutoConfiguration {

	/** The messaging system recorded, and the name of a send without topic. */
	public static final String SYSTEM = "Kafka";

	/** The name of the handler bean. */
	public static final String HANDLER_BEAN_NAME = "xrayKafkaObservationHandler";

	@Bean(name = HANDLER_BEAN_NAME)
	@ConditionalOnMissingBean(name = HANDLER_BEAN_NAME)
	XRayMessagingObservationHandler xrayKafkaObservationHandler(XRayRecorder recorder, XRayProperties properties,
			Environment environment) {
		return new XRayMessagingObservationHandler(recorder, SYSTEM,
				XRayMessagingObservationHandler.serviceName(properties, environment),
				List.of(KafkaRecordSenderContext.class, KafkaRecordReceiverContext.class),
				XRayKafkaAutoConfiguration::topic);
	}

	/**
	 * The topic a record is sent to or was consumed from.
	 */
	static @Nullable String topic(Object context) {
		if (context instanceof KafkaRecordSenderContext sender) {
			return sender.getDestination();
		}
		if (context instanceof KafkaRecordReceiverContext receiver) {
			return receiver.getSource();
		}
		return null;
	}

}
