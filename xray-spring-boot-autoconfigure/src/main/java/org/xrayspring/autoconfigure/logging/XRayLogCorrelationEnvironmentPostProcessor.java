package org.xrayspring.autoconfigure.logging;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Makes Spring Boot's default log pattern print the correlation ids that
 * {@link XRayMdcContextListener} puts in the MDC. Boot prints them (its
 * {@code %correlationId} pattern: {@code [traceId-spanId] }) only when
 * {@code logging.pattern.correlation} is not set and
 * {@code logging.expect-correlation-id} is {@code true}, which otherwise only Micrometer
 * Tracing's auto-configuration sets. This adds, with the lowest precedence, a property
 * source answering {@code logging.expect-correlation-id=true} while X-Ray tracing and its
 * log correlation are enabled; any value the application sets wins, and
 * {@code logging.pattern.correlation} is never touched.
 */
class XRayLogCorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "xrayLogCorrelation";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClassUtils.isPresent("org.slf4j.MDC", getClass().getClassLoader())
				&& !environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			environment.getPropertySources().addLast(new LogCorrelationPropertySource(environment));
		}
	}

	/**
	 * Decides when asked, so that configuration files loaded later are honoured.
	 */
	private static final class LogCorrelationPropertySource extends PropertySource<Object> {

		private final Environment environment;

		LogCorrelationPropertySource(Environment environment) {
			super(PROPERTY_SOURCE_NAME);
			this.environment = environment;
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (LoggingSystem.EXPECT_CORRELATION_ID_PROPERTY.equals(name)
					&& this.environment.getProperty("xray.enabled", Boolean.class, true)
					&& this.environment.getProperty("xray.instrumentation.logging.enabled", Boolean.class, true)) {
				return Boolean.TRUE;
			}
			return null;
		}

	}

}
