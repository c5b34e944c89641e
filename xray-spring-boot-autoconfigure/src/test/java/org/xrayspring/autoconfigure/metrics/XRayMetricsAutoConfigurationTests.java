package org.xrayspring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;

class XRayMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayMetricsAutoConfiguration.class))
		.withPropertyValues("xray.sampling.rate=1");

	@Test
	void bindsRecorderAndEmitterCounters() {
		this.contextRunner.run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			recorder.beginSegment("svc");
			recorder.endSegment();
			recorder.putAnnotation("no context", 1);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(XRayMeterBinder.class).bindTo(registry);
			assertThat(registry.get("xray.recorder.segments.sampled").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("xray.recorder.context.missing").functionCounter().count()).isEqualTo(1);
			assertThat(registry.find("xray.emitter.dropped.queue_full").functionCounter()).isNotNull();
			assertThat(registry.find("xray.emitter.queue.size").gauge()).isNotNull();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(XRayMeterBinder.class));
	}

	@Test
	void backsOffWhenXRayIsDisabled() {
		this.contextRunner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayMeterBinder.class));
	}

}
