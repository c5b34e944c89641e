package org.xrayspring.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

import org.xrayspring.autoconfigure.servlet.SegmentNamer;
import org.xrayspring.autoconfigure.servlet.XRayServletAutoConfiguration;
import org.xrayspring.recorder.ContextMissingStrategy;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.UdpEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The AWS_XRAY_* variables through {@link XRayEnvironmentVariablesPostProcessor}. The
 * variables are supplied by a replaced {@code systemEnvironment} property source; the
 * process environment is never touched.
 */
class XRayEnvironmentVariablesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class));

	private ApplicationContextRunner withVariables(Map<String, Object> variables) {
		return this.contextRunner.withInitializer((context) -> {
			context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								variables));
			new XRayEnvironmentVariablesPostProcessor().postProcessEnvironment(context.getEnvironment(),
					new SpringApplication());
		});
	}

	@Test
	void tracingNameNamesTheService() {
		withVariables(Map.of("AWS_XRAY_TRACING_NAME", "orders"))
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getServiceName()).isEqualTo("orders"));
	}

	@Test
	void explicitServiceNameWinsOverTracingName() {
		withVariables(Map.of("AWS_XRAY_TRACING_NAME", "orders")).withPropertyValues("xray.service-name=billing")
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getServiceName()).isEqualTo("billing"));
	}

	@Test
	void serviceNameSetAsAnEnvironmentVariableOfItsOwnWinsOverTracingName() {
		withVariables(Map.of("AWS_XRAY_TRACING_NAME", "orders", "XRAY_SERVICE_NAME", "billing"))
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getServiceName()).isEqualTo("billing"));
	}

	@Test
	void tracingNameWinsOverApplicationNameForTheSegmentName() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayServletAutoConfiguration.class))
			.withInitializer((context) -> {
				context.getEnvironment()
					.getPropertySources()
					.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							new SystemEnvironmentPropertySource(
									StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
									Map.of("AWS_XRAY_TRACING_NAME", "orders")));
				new XRayEnvironmentVariablesPostProcessor().postProcessEnvironment(context.getEnvironment(),
						new SpringApplication());
			})
			.withPropertyValues("spring.application.name=orders-app")
			.run((context) -> assertThat(context.getBean(SegmentNamer.class).nameFor(new MockHttpServletRequest()))
				.isEqualTo("orders"));
	}

	@ParameterizedTest
	@CsvSource({ "LOG_ERROR, LOG", "RUNTIME_ERROR, FAIL", "IGNORE_ERROR, IGNORE", "log, LOG", "fail, FAIL",
			"ignore, IGNORE", "runtime_error, FAIL" })
	void contextMissingAcceptsAwsValuesAndOurs(String value, ContextMissingStrategy expected) {
		withVariables(Map.of("AWS_XRAY_CONTEXT_MISSING", value)).run(
				(context) -> assertThat(context.getBean(XRayProperties.class).getContextMissing()).isEqualTo(expected));
	}

	@Test
	void explicitContextMissingWinsOverTheVariable() {
		withVariables(Map.of("AWS_XRAY_CONTEXT_MISSING", "RUNTIME_ERROR"))
			.withPropertyValues("xray.context-missing=ignore")
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getContextMissing())
				.isEqualTo(ContextMissingStrategy.IGNORE));
	}

	@Test
	void explicitContextMissingMakesAnInvalidVariableHarmless() {
		withVariables(Map.of("AWS_XRAY_CONTEXT_MISSING", "SOMETIMES")).withPropertyValues("xray.context-missing=fail")
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getContextMissing())
				.isEqualTo(ContextMissingStrategy.FAIL));
	}

	@Test
	void invalidContextMissingFailsStartupNamingTheVariable() {
		withVariables(Map.of("AWS_XRAY_CONTEXT_MISSING", "SOMETIMES")).run((context) -> {
			assertThat(context).hasFailed();
			assertNamesTheVariable(context.getStartupFailure());
		});
	}

	@Test
	void sdkDisabledTurnsTracingOff() {
		withVariables(Map.of("AWS_XRAY_SDK_DISABLED", "true")).run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(XRayRecorder.class)
			.doesNotHaveBean(Emitter.class));
	}

	@ParameterizedTest
	@CsvSource({ "false", "no", "''" })
	void sdkDisabledOtherwiseLeavesTracingOn(String value) {
		withVariables(Map.of("AWS_XRAY_SDK_DISABLED", value))
			.run((context) -> assertThat(context).hasSingleBean(XRayRecorder.class));
	}

	@Test
	void explicitEnabledWinsOverSdkDisabled() {
		withVariables(Map.of("AWS_XRAY_SDK_DISABLED", "TRUE")).withPropertyValues("xray.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(XRayRecorder.class));
	}

	@Test
	void daemonAddressVariable() {
		withVariables(Map.of("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.9:2999"))
			.run((context) -> assertThat(context.getBean(UdpEmitter.class).getAddress().udpPort()).isEqualTo(2999));
	}

	@Test
	void explicitDaemonAddressWinsOverTheVariable() {
		withVariables(Map.of("AWS_XRAY_DAEMON_ADDRESS", "nonsense"))
			.withPropertyValues("xray.daemon-address=127.0.0.1:2888")
			.run((context) -> assertThat(context.getBean(UdpEmitter.class).getAddress().udpPort()).isEqualTo(2888));
	}

	@Test
	void invalidDaemonAddressVariableFailsStartupNamingTheVariable() {
		withVariables(Map.of("AWS_XRAY_DAEMON_ADDRESS", "nonsense")).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("AWS_XRAY_DAEMON_ADDRESS")
				.hasMessageContaining("nonsense");
		});
	}

	@Test
	void springApplicationRegistersThePostProcessorBelowApplicationPropertiesAndAboveDefaults() {
		try (ConfigurableApplicationContext context = application(
				Map.of("AWS_XRAY_TRACING_NAME", "orders", "AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR"))
			.run("--xray.context-missing=fail")) {
			XRayProperties properties = context.getBean(XRayProperties.class);
			assertThat(properties.getServiceName()).isEqualTo("orders");
			assertThat(properties.getContextMissing()).isEqualTo(ContextMissingStrategy.FAIL);
		}
	}

	@Test
	void springApplicationWithSdkDisabledConfiguresNothing() {
		try (ConfigurableApplicationContext context = application(Map.of("AWS_XRAY_SDK_DISABLED", "true")).run()) {
			assertThat(context.getBeansOfType(XRayRecorder.class)).isEmpty();
			assertThat(context.getBeansOfType(Emitter.class)).isEmpty();
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void springApplicationWithInvalidVariableFailsNamingIt(CapturedOutput output) {
		SpringApplication application = application(Map.of("AWS_XRAY_CONTEXT_MISSING", "SOMETIMES"));
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(application::run)
			.satisfies(XRayEnvironmentVariablesTests::assertNamesTheVariable);
		// Boot's failure report
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Origin: System Environment Property \"AWS_XRAY_CONTEXT_MISSING\"");
	}

	/**
	 * Binding rejects the value; Boot's failure analysis prints the property's origin,
	 * the variable.
	 */
	private static void assertNamesTheVariable(Throwable failure) {
		BindException bindFailure = findCause(failure, BindException.class);
		assertThat(bindFailure).isNotNull();
		assertThat(bindFailure.getProperty().getName()).hasToString("xray.context-missing");
		assertThat(bindFailure.getProperty().getValue()).isEqualTo("SOMETIMES");
		assertThat(bindFailure.getProperty().getOrigin())
			.hasToString("System Environment Property \"AWS_XRAY_CONTEXT_MISSING\"");
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static SpringApplication application(Map<String, Object> variables) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("xray.service-name", "from-defaults", "xray.context-missing", "log"));
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		application.setEnvironment(environment);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.autoconfigure.ImportAutoConfiguration(XRayAutoConfiguration.class)
	static class Empty {

	}

}
