package org.xrayspring.autoconfigure.jms;

import java.util.List;

import io.micrometer.jakarta9.instrument.jms.JmsProcessObservationContext;
import io.micrometer.jakarta9.instrument.jms.JmsPublishObservationContext;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jms.core.JmsTemplate;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of JMS tracing. Spring Boot gives its {@code JmsTemplate} and the
 * listener container factory of {@code @JmsListener} methods the
 * {@link ObservationRegistry}, and Spring JMS then observes each send and each processed
 * message through Micrometer's Jakarta instrumentation (no property needs to be set). An
 * {@link XRayMessagingObservationHandler} for those observations records a send inside a
 * trace as a subsegment and puts the trace header into the message, and begins a segment
 * per processed message, joined to the producer's trace.
 * <p>
 * JMS property names must be Java identifiers, so providers refuse
 * {@code X-Amzn-Trace-Id}: the header travels as the string property
 * {@value #TRACE_HEADER_PROPERTY}, the name OpenTelemetry's JMS instrumentation (and so
 * the AWS Distro for OpenTelemetry with its X-Ray propagator) uses for that header, each
 * {@code -} written {@code __dash__}.
 * <p>
 * Spring JMS does not report a listener's exception to the observation unless the
 * container's error handler rethrows it, so every listener container is also given an
 * error handler that records it on the message's segment before doing what the
 * container's own did ({@link XRayJmsListenerErrorRecording}).
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass({ JmsTemplate.class, JmsPublishObservationContext.class, ObservationHandler.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.jms.enabled", matchIfMissing = true)
public final class XRayJmsAutoConfiguration {

	/** The JMS string property that carries {@code X-Amzn-Trace-Id}. */
	public static final String TRACE_HEADER_PROPERTY = "X__dash__Amzn__dash__Trace__dash__Id";

	/**
	 * The messaging system, as recorded and as the name of sends to unknown destinations.
	 */
	static final String SYSTEM = "JMS";

	@Bean
	@ConditionalOnMissingBean(name = "xrayJmsObservationHandler")
	XRayMessagingObservationHandler xrayJmsObservationHandler(XRayRecorder recorder, XRayProperties properties,
			Environment environment) {
		return new XRayMessagingObservationHandler(recorder, SYSTEM,
				XRayMessagingObservationHandler.serviceName(properties, environment),
				List.of(JmsPublishObservationContext.class, JmsProcessObservationContext.class), JmsDestinations::of,
				TRACE_HEADER_PROPERTY);
	}

	@Bean
	XRayJmsListenerErrorRecording xrayJmsListenerErrorRecording(ListableBeanFactory beanFactory, XRayRecorder recorder,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return new XRayJmsListenerErrorRecording(beanFactory, recorder, observationRegistry);
	}

}
