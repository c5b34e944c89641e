package org.xrayspring.autoconfigure.logging;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class XRayLoggingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayLoggingAutoConfiguration.class))
		.withBean(Emitter.class, Emitter::noop);

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void autoConfiguredRecorderWritesTheMdc() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XRayMdcContextListener.class);
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment segment = recorder.beginSegment("svc");
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + segment.getId());
			recorder.endSegment();
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNull();
		});
	}

	@Test
	void backsOffWithoutSlf4j() {
		this.runner.withClassLoader(new FilteredClassLoader(MDC.class))
			.run((context) -> assertThat(context).hasSingleBean(XRayRecorder.class)
				.doesNotHaveBean(XRayMdcContextListener.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("xray.instrumentation.logging.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(XRayRecorder.class).doesNotHaveBean(XRayMdcContextListener.class);
			context.getBean(XRayRecorder.class).beginSegment("svc");
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNull();
			context.getBean(XRayRecorder.class).endSegment();
		});
	}

	@Test
	void backsOffWhenTracingIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayMdcContextListener.class));
	}

	@Test
	void userListenerWins() {
		this.runner.withUserConfiguration(UserListenerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(XRayMdcContextListener.class);
			assertThat(context).getBean(XRayMdcContextListener.class).isSameAs(context.getBean("userListener"));
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			recorder.beginSegment("svc");
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNotNull();
			assertThat(MDC.get("traceId")).as("the user's listener writes no Boot keys").isNull();
			recorder.endSegment();
		});
	}

	@Test
	void environmentPostProcessorExpectsCorrelationIdsUnlessDisabledOrSetByTheApplication() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> application = new HashMap<>();
		environment.getPropertySources().addFirst(new MapPropertySource("application", application));
		new XRayLogCorrelationEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("logging.expect-correlation-id", Boolean.class)).isTrue();
		assertThat(environment.getProperty("logging.pattern.correlation")).isNull();
		application.put("xray.instrumentation.logging.enabled", "false");
		assertThat(environment.getProperty("logging.expect-correlation-id")).isNull();
		application.clear();
		application.put("xray.enabled", "false");
		assertThat(environment.getProperty("logging.expect-correlation-id")).isNull();
		application.clear();
		application.put("logging.expect-correlation-id", "false");
		assertThat(environment.getProperty("logging.expect-correlation-id", Boolean.class)).isFalse();
	}

	@Test
	void bootsDefaultLogPatternPrintsTheIds(CapturedOutput output) {
		SpringApplication application = new SpringApplication(LoggingApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--xray.daemon-address=127.0.0.1:9")) {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment segment = recorder.beginSegment("svc");
			Subsegment subsegment = recorder.beginSubsegment("work");
			LoggerFactory.getLogger(XRayLoggingAutoConfigurationTests.class).info("inside the trace");
			subsegment.end();
			recorder.endSegment();
			LoggerFactory.getLogger(XRayLoggingAutoConfigurationTests.class).info("outside the trace");
			String hex = XRayMdcContextListener.hexTraceId(segment.getTraceId());
			assertThat(output).containsPattern("\\[" + hex + "-" + subsegment.getId() + "\\] .*inside the trace");
			assertThat(output).doesNotContainPattern(hex + ".*outside the trace");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserListenerConfiguration {

		@Bean
		XRayMdcContextListener userListener() {
			return new XRayMdcContextListener(false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ XRayAutoConfiguration.class, XRayLoggingAutoConfiguration.class })
	static class LoggingApplication {

	}

}
