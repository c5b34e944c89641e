package org.xrayspring.autoconfigure.logging;

import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of log correlation: an {@link XRayMdcContextListener} that the
 * auto-configured recorder tells of every context change.
 * <p>
 * The auto-configured recorder picks up every
 * {@link org.xrayspring.recorder.ContextListener} bean when it is built; a recorder the
 * application defines itself must be given the listener by the application.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass(MDC.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.logging.enabled", matchIfMissing = true)
public final class XRayLoggingAutoConfiguration {

	/**
	 * Present when Micrometer Tracing may write {@code traceId} and {@code spanId}
	 * itself.
	 */
	private static final String MICROMETER_TRACER = "io.micrometer.tracing.Tracer";

	@Bean
	@ConditionalOnMissingBean
	XRayMdcContextListener xrayMdcContextListener() {
		boolean micrometerTracing = ClassUtils.isPresent(MICROMETER_TRACER,
				XRayLoggingAutoConfiguration.class.getClassLoader());
		return new XRayMdcContextListener(!micrometerTracing);
	}

}
