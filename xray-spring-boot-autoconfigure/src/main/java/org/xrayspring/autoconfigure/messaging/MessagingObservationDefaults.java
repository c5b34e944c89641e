package org.xrayspring.autoconfigure.messaging;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Turns on, with the lowest precedence, the observations a messaging library emits but
 * Spring Boot leaves off by default, for the messaging instrumentations'
 * {@code EnvironmentPostProcessor}s: a property source answering {@code true} for the
 * given properties while X-Ray tracing and the instrumentation's switch are enabled. Any
 * value the application sets wins.
 */
public final class MessagingObservationDefaults {

	private MessagingObservationDefaults() {
	}

	/**
	 * Adds the defaults to the environment, once.
	 * @param environment the environment
	 * @param sourceName the name of the property source (adding it again does nothing)
	 * @param switchProperty the instrumentation's switch, such as
	 * {@code xray.instrumentation.amqp.enabled}
	 * @param observationProperties the properties that turn the library's observations on
	 */
	public static void addTo(ConfigurableEnvironment environment, String sourceName, String switchProperty,
			Set<String> observationProperties) {
		if (!environment.getPropertySources().contains(sourceName)) {
			environment.getPropertySources()
				.addLast(new DefaultsPropertySource(sourceName, environment, switchProperty, observationProperties));
		}
	}

	/**
	 * Decides when asked, so that configuration files loaded later are honoured.
	 */
	private static final class DefaultsPropertySource extends PropertySource<Object> {

		private final Environment environment;

		private final String switchProperty;

		private final Set<String> observationProperties;

		DefaultsPropertySource(String name, Environment environment, String switchProperty,
				Set<String> observationProperties) {
			super(name);
			this.environment = environment;
			this.switchProperty = switchProperty;
			this.observationProperties = Set.copyOf(observationProperties);
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (this.observationProperties.contains(name)
					&& this.environment.getProperty("xray.enabled", Boolean.class, true)
					&& this.environment.getProperty(this.switchProperty, Boolean.class, true)) {
				return Boolean.TRUE;
			}
			return null;
		}

	}

}
