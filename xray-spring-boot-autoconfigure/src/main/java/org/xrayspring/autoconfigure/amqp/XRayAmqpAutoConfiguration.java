package org.xrayspring.autoconfigure.amqp;

import java.util.List;

import io.micrometer.observation.ObservationHandler;

import org.jspecify.annotations.Nullable;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageSenderContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of Spring AMQP (RabbitMQ) tracing: an
 * {@link XRayMessagingObservationHandler} for the observations of {@link RabbitTemplate}
 * sends and of listener containers ({@code @RabbitListener}), which Spring Boot's
 * observation auto-configuration registers with the {@code ObservationRegistry}. Those
 * observations are off by default in Spring Boot; while this instrumentation is on they
 * are turned on with the lowest precedence (see
 * {@link XRayAmqpObservationEnvironmentPostProcessor}).
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass({ RabbitTemplate.class, RabbitMessageSenderContext.class, ObservationHandler.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = XRayAmqpObservationEnvironmentPostProcessor.ENABLED_PROPERTY,
		matchIfMissing = true)
public final class XRayAmqpAutoConfiguration {

	/** The messaging system recorded, and the name of a send without destination. */
	public static final String SYSTEM = "RabbitMQ";

	/** The name of the handler bean. */
	public static final String HANDLER_BEAN_NAME = "xrayAmqpObservationHandler";

	@Bean(name = HANDLER_BEAN_NAME)
	@ConditionalOnMissingBean(name = HANDLER_BEAN_NAME)
	XRayMessagingObservationHandler xrayAmqpObservationHandler(XRayRecorder recorder, XRayProperties properties,
			Environment environment) {
		return new XRayMessagingObservationHandler(recorder, SYSTEM,
				XRayMessagingObservationHandler.serviceName(properties, environment),
				List.of(RabbitMessageSenderContext.class, RabbitMessageReceiverContext.class),
				XRayAmqpAutoConfiguration::destination);
	}

	/**
	 * A send's destination is its exchange, or for the default exchange (which routes by
	 * queue name) its routing key; a receive's, the queue it was consumed from.
	 */
	static @Nullable String destination(Object context) {
		if (context instanceof RabbitMessageSenderContext sender) {
			String exchange = sender.getExchange();
			return (exchange != null && !exchange.isEmpty()) ? exchange : sender.getRoutingKey();
		}
		if (context instanceof RabbitMessageReceiverContext receiver) {
			Message message = receiver.getCarrier();
			return (message != null) ? message.getMessageProperties().getConsumerQueue() : null;
		}
		return null;
	}

}
