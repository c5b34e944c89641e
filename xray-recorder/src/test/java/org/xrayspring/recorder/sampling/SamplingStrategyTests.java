package org.xrayspring.recorder.sampling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SamplingStrategy} and {@link SamplingRequest}.
 */
class SamplingStrategyTests {

	@Test
	void alwaysAndNever() {
		SamplingRequest request = new SamplingRequest("h", "GET", "/", "svc");
		assertThat(SamplingStrategy.always().shouldTrace(request)).isTrue();
		assertThat(SamplingStrategy.always().shouldTrace(null)).isTrue();
		assertThat(SamplingStrategy.never().shouldTrace(request)).isFalse();
		assertThat(SamplingStrategy.never().shouldTrace(null)).isFalse();
		assertThat(SamplingStrategy.always()).isSameAs(SamplingStrategy.always());
	}

	@Test
	void requestTurnsNullIntoEmpty() {
		SamplingRequest request = new SamplingRequest(null, null, null, null);
		assertThat(request.host()).isEmpty();
		assertThat(request.method()).isEmpty();
		assertThat(request.path()).isEmpty();
		assertThat(request.serviceName()).isEmpty();
		assertThat(request).isEqualTo(new SamplingRequest("", "", "", ""));
	}

	@Test
	void lambdaIsAStrategy() {
		SamplingStrategy onlyGet = (request) -> "GET".equals(request.method());
		assertThat(onlyGet.shouldTrace(new SamplingRequest("h", "GET", "/", "s"))).isTrue();
		assertThat(onlyGet.shouldTrace(new SamplingRequest("h", "PUT", "/", "s"))).isFalse();
	}

}
