package org.xrayspring.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

import org.xrayspring.recorder.emitter.DaemonAddress;

/**
 * Honours the variables AWS's X-Ray SDKs read, so that moving from them changes no
 * deployment. It adds, with the lowest precedence (only {@code defaultProperties} sits
 * below it), a property source answering the {@code xray.*} property each variable backs:
 * <ul>
 * <li>{@value #TRACING_NAME}: {@code xray.service-name} (which therefore also wins over
 * {@code spring.application.name})</li>
 * <li>{@value #CONTEXT_MISSING}: {@code xray.context-missing}; AWS's {@code LOG_ERROR},
 * {@code RUNTIME_ERROR} and {@code IGNORE_ERROR} or our {@code log}, {@code fail} and
 * {@code ignore}</li>
 * <li>{@value #SDK_DISABLED}{@code =true}: {@code xray.enabled=false}</li>
 * <li>{@code AWS_XRAY_DAEMON_ADDRESS}: {@code xray.daemon-address}</li>
 * </ul>
 * Any {@code xray.*} property set explicitly wins, since this source is asked only when
 * no other source answers. An invalid value fails start-up naming the variable: this
 * source reports it as the origin of the values it gives, and {@link #variableBacking}
 * tells a component validating a property that the value came from the variable.
 */
class XRayEnvironmentVariablesPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE_NAME = "xrayEnvironmentVariables";

	static final String TRACING_NAME = "AWS_XRAY_TRACING_NAME";

	static final String CONTEXT_MISSING = "AWS_XRAY_CONTEXT_MISSING";

	static final String SDK_DISABLED = "AWS_XRAY_SDK_DISABLED";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			// Boot moves 'defaultProperties' back to the end after the post-processors,
			// so this stays above it
			environment.getPropertySources().addLast(new VariablesPropertySource(environment));
		}
	}

	/**
	 * Returns the variable a property's value comes from, or {@code null} when it comes
	 * from elsewhere (or nowhere).
	 * @param environment the environment
	 * @param property the property's canonical name
	 * @return the variable's name or {@code null}
	 */
	static @Nullable String variableBacking(Environment environment, String property) {
		if (!(environment instanceof ConfigurableEnvironment)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source.getConfigurationProperty(name) != null) {
				return (source.getUnderlyingSource() instanceof VariablesPropertySource) ? variableFor(property) : null;
			}
		}
		return null;
	}

	/**
	 * Reads the variables when asked, so each lookup sees the environment as it is then.
	 */
	private static final class VariablesPropertySource extends PropertySource<Object> implements OriginLookup<String> {

		private final Environment environment;

		VariablesPropertySource(Environment environment) {
			super(PROPERTY_SOURCE_NAME);
			this.environment = environment;
		}

		@Override
		public @Nullable Object getProperty(String name) {
			String variable = variableFor(name);
			if (variable == null) {
				return null;
			}
			String value = this.environment.getProperty(variable);
			if (!StringUtils.hasText(value)) {
				return null;
			}
			return switch (variable) {
				case TRACING_NAME -> value.trim();
				case CONTEXT_MISSING -> contextMissing(value);
				case SDK_DISABLED -> "true".equalsIgnoreCase(value.trim()) ? "false" : null;
				default -> value;
			};
		}

		@Override
		public @Nullable Origin getOrigin(String name) {
			String variable = variableFor(name);
			return (variable != null && getProperty(name) != null) ? new SystemEnvironmentOrigin(variable) : null;
		}

		/**
		 * Maps AWS's values to ours. Anything else is passed on unchanged so that binding
		 * rejects it, reporting this source's origin, the variable (a property source
		 * must not throw: Boot's binder would take that for an absent value).
		 */
		private static String contextMissing(String value) {
			return switch (value.trim().toUpperCase(Locale.ROOT)) {
				case "LOG_ERROR", "LOG" -> "log";
				case "RUNTIME_ERROR", "FAIL" -> "fail";
				case "IGNORE_ERROR", "IGNORE" -> "ignore";
				default -> value;
			};
		}

	}

	private static @Nullable String variableFor(String property) {
		return switch (property) {
			case "xray.service-name" -> TRACING_NAME;
			case "xray.context-missing" -> CONTEXT_MISSING;
			case "xray.enabled" -> SDK_DISABLED;
			case "xray.daemon-address" -> DaemonAddress.ENVIRONMENT_VARIABLE;
			default -> null;
		};
	}

}
