package org.xrayspring.autoconfigure.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XRayCaptureAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class XRayCaptureAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayCaptureAutoConfiguration.class))
		.withBean(Captured.class, Captured::new);

	@Test
	void registersThePostProcessor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XRayCaptureBeanPostProcessor.class);
			assertThat(AopUtils.isCglibProxy(context.getBean(Captured.class))).isTrue();
		});
	}

	@Test
	void needsNoAspectJWeaver() {
		this.runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run((context) -> {
			assertThat(context).hasSingleBean(XRayCaptureBeanPostProcessor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Captured.class))).isTrue();
		});
	}

	@Test
	void leavesBeansWithoutAnnotationsAlone() {
		this.runner.withBean(NotCaptured.class, NotCaptured::new)
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(NotCaptured.class))).isFalse());
	}

	@Test
	void beanThatCannotBeProxiedIsLeftAloneWithAWarning(CapturedOutput output) {
		this.runner.withBean(FinalCaptured.class, FinalCaptured::new).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(AopUtils.isAopProxy(context.getBean(FinalCaptured.class))).isFalse();
			assertThat(output).contains("Cannot proxy bean", "FinalCaptured", "its methods are not recorded");
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("xray.instrumentation.capture.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRayCaptureBeanPostProcessor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Captured.class))).isFalse();
		});
	}

	@Test
	void backsOffWhenXRayIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRayRecorder.class);
			assertThat(context).doesNotHaveBean(XRayCaptureBeanPostProcessor.class);
		});
	}

	public static final class FinalCaptured {

		@XRayCapture
		public void work() {
		}

	}

	public static class Captured {

		@XRayCapture
		public void work() {
		}

	}

	static class NotCaptured {

		public void work() {
		}

	}

}
