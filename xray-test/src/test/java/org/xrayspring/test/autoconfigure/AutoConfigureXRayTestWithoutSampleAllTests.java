package org.xrayspring.test.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = AutoConfigureXRayTestTests.Application.class)
@AutoConfigureXRayTest(sampleAll = false)
class AutoConfigureXRayTestWithoutSampleAllTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void samplingIsLeftToTheApplication() {
		assertThat(this.context.getBeansOfType(SamplingStrategy.class)).isEmpty();
		assertThat(this.context.getBean(Emitter.class)).isInstanceOf(InMemoryEmitter.class);
		XRayRecorder recorder = this.context.getBean(XRayRecorder.class);
		recorder.beginSegment("not-sampled");
		recorder.endSegment();
		assertThat(this.context.getBean(InMemoryEmitter.class).documents()).isEmpty();
	}

}
