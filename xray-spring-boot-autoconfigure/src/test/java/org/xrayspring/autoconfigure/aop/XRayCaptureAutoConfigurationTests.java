package org.xrayspring.autoconfigure.aop;

import org.aspectj.weaver.Advice;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XRayCaptureAutoConfiguration}.
 */
class XRayCaptureAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(XRayAutoConfiguration.class, XRayCaptureAutoConfiguration.class));

	@Test
	void registersTheAspect() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(XRayCaptureAspect.class));
	}

	@Test
	void backsOffWithoutTheAspectJWeaver() {
		this.runner.withClassLoader(new FilteredClassLoader(Advice.class))
			.run((context) -> assertThat(context).doesNotHaveBean(XRayCaptureAspect.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("xray.instrumentation.capture.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayCaptureAspect.class));
	}

	@Test
	void backsOffWhenXRayIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRayRecorder.class);
			assertThat(context).doesNotHaveBean(XRayCaptureAspect.class);
		});
	}

	@Test
	void userAspectWins() {
		this.runner.withUserConfiguration(UserAspectConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(XRayCaptureAspect.class);
			assertThat(context.getBean(XRayCaptureAspect.class)).isSameAs(UserAspectConfiguration.aspect);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserAspectConfiguration {

		static final XRayCaptureAspect aspect = new XRayCaptureAspect(XRayRecorder.builder().build());

		@Bean
		XRayCaptureAspect myCaptureAspect() {
			return aspect;
		}

	}

}
