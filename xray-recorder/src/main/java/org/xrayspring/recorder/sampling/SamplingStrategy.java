package org.xrayspring.recorder.sampling;

/**
 * Decides whether a new trace is sampled (recorded and sent). Called once per trace started here, on the
 * request thread, so implementations must be thread-safe, fast and must never throw.
 */
@FunctionalInterface
public interface SamplingStrategy {

	/**
	 * Decides whether the trace of this request is sampled.
	 * @param request what the decision is made on
	 * @return {@code true} to record the trace
	 */
	boolean shouldTrace(SamplingRequest request);

	/**
	 * Returns a strategy that samples every trace.
	 * @return the strategy
	 */
	static SamplingStrategy always() {
		return FixedSamplingStrategy.ALWAYS;
	}

	/**
	 * Returns a strategy that samples no trace.
	 * @return the strategy
	 */
	static SamplingStrategy never() {
		return FixedSamplingStrategy.NEVER;
	}

}
