package org.xrayspring.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;
import org.xrayspring.test.autoconfigure.XRayTestAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * xray-test's auto-configuration with this module's: names this module's classes only as
 * strings, so these tests keep the names right.
 */
class AutoConfigureXRayTestTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayTestAutoConfiguration.class))
		.withPropertyValues("xray.aws.environment=none", "xray.sampling.fixed-target=0", "xray.sampling.rate=0");

	@Test
	void recorderEmitsInMemoryAndNoSocketIsOpened() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(UdpEmitter.class).hasSingleBean(Emitter.class);
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
			assertThat(recorder.getEmitter()).isSameAs(emitter);
			for (int i = 0; i < 10; i++) {
				recorder.beginSegment("sampled-" + i);
				recorder.endSegment();
			}
			assertThat(emitter).hasTraceCount(10);
		});
	}

	@Test
	void applicationSamplingAppliesWhenSampleAllIsOff() {
		this.runner.withPropertyValues("xray.test.sample-all=false").run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			recorder.beginSegment("not-sampled");
			recorder.endSegment();
			assertThat(context.getBean(InMemoryEmitter.class)).isEmpty();
		});
	}

	@Test
	void orderedBeforeTheAutoConfigurationItReplacesTheEmitterOf() {
		assertThat(XRayTestAutoConfiguration.class.getAnnotation(AutoConfiguration.class).beforeName())
			.containsExactly(XRayAutoConfiguration.class.getName());
	}

	@Test
	void annotationImportsEveryXRayAutoConfigurationForTestSlices() {
		ClassLoader classLoader = getClass().getClassLoader();
		var imported = ImportCandidates.load(AutoConfigureXRayTest.class, classLoader)
			.getCandidates()
			.stream()
			.map((name) -> name.replace("optional:", ""))
			.toList();
		var autoConfigurations = ImportCandidates.load(AutoConfiguration.class, classLoader)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("org.xrayspring.autoconfigure."))
			.toList();
		assertThat(autoConfigurations).isNotEmpty();
		assertThat(imported).containsAll(autoConfigurations).contains(XRayTestAutoConfiguration.class.getName());
	}

}
