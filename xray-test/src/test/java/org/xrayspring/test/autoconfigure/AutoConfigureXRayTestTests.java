package org.xrayspring.test.autoconfigure;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;

import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * The annotation in a {@code @SpringBootTest}; this module's tests have no X-Ray
 * auto-configuration, so the application builds its recorder from the emitter and
 * strategy beans as that auto-configuration does.
 */
@SpringBootTest(classes = AutoConfigureXRayTestTests.Application.class)
@AutoConfigureXRayTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AutoConfigureXRayTestTests {

	@Autowired
	private XRayRecorder recorder;

	@Autowired
	private InMemoryEmitter emitter;

	@Test
	@Order(1)
	void recordsInMemory() {
		this.recorder.beginSegment("first");
		this.recorder.endSegment();
		assertThat(this.emitter).hasSegmentNamed("first");
	}

	@Test
	@Order(2)
	void startsEachTestWithNothingRecorded() {
		assertThat(this.emitter).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	static class Application {

		@Bean
		XRayRecorder recorder(Emitter emitter, ObjectProvider<SamplingStrategy> strategy) {
			return XRayRecorder.builder()
				.emitter(emitter)
				.samplingStrategy(strategy.getIfAvailable(SamplingStrategy::never))
				.build();
		}

	}

}
