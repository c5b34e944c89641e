package org.xrayspring.test.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;

import static org.assertj.core.api.Assertions.assertThat;

class XRayTestAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayTestAutoConfiguration.class));

	@Test
	void providesTheInMemoryEmitterAndSamplesEveryTrace() {
		this.runner.run((context) -> {
			assertThat(context.getBean(Emitter.class)).isInstanceOf(InMemoryEmitter.class);
			SamplingStrategy strategy = context.getBean(SamplingStrategy.class);
			for (int i = 0; i < 100; i++) {
				assertThat(strategy.shouldTrace(new SamplingRequest("localhost", "/", "GET", "orders"))).isTrue();
			}
		});
	}

	@Test
	void winsOverTheApplicationsOwnEmitterAndStrategy() {
		this.runner.withBean("applicationEmitter", Emitter.class, Emitter::noop)
			.withBean("applicationStrategy", SamplingStrategy.class, SamplingStrategy::never)
			.run((context) -> {
				assertThat(context.getBean(Emitter.class)).isSameAs(context.getBean(InMemoryEmitter.class));
				assertThat(context.getBean(SamplingStrategy.class)).isSameAs(SamplingStrategy.always());
			});
	}

	@Test
	void leavesSamplingAloneWhenAskedTo() {
		this.runner.withPropertyValues("xray.test.sample-all=false")
			.run((context) -> assertThat(context).hasSingleBean(InMemoryEmitter.class)
				.doesNotHaveBean(SamplingStrategy.class));
	}

	@Test
	void isOrderedBeforeTheXRayAutoConfiguration() {
		assertThat(XRayTestAutoConfiguration.class
			.getAnnotation(org.springframework.boot.autoconfigure.AutoConfiguration.class)
			.beforeName()).containsExactly("org.xrayspring.autoconfigure.XRayAutoConfiguration");
	}

}
