package org.xrayspring.test.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} imported by {@link AutoConfigureXRayTest}: the application's
 * recorder emits to an {@link InMemoryEmitter} and, unless
 * {@code xray.test.sample-all=false}, samples every trace. Ordered before the X-Ray
 * auto-configuration (named, not referenced, since this module does not depend on it),
 * whose UDP emitter and sampling strategy then back off; primary, so they also win over
 * an emitter or strategy the application defines.
 */
@AutoConfiguration(beforeName = "org.xrayspring.autoconfigure.XRayAutoConfiguration")
public final class XRayTestAutoConfiguration {

	@Bean
	@Primary
	InMemoryEmitter xrayInMemoryEmitter() {
		return new InMemoryEmitter();
	}

	@Bean
	@Primary
	@ConditionalOnBooleanProperty(name = "xray.test.sample-all", matchIfMissing = true)
	SamplingStrategy xrayTestSamplingStrategy() {
		return SamplingStrategy.always();
	}

}
