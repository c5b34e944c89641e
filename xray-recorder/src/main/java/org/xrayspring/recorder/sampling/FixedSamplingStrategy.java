package org.xrayspring.recorder.sampling;

/**
 * The constant strategies behind {@link SamplingStrategy#always()} and
 * {@link SamplingStrategy#never()}; an enum so they are singletons with a readable
 * {@code toString()}.
 */
enum FixedSamplingStrategy implements SamplingStrategy {

	ALWAYS(true), NEVER(false);

	private final boolean decision;

	FixedSamplingStrategy(boolean decision) {
		this.decision = decision;
	}

	@Override
	public boolean shouldTrace(SamplingRequest request) {
		return this.decision;
	}

}
