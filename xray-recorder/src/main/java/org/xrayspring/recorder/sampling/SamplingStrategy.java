package org.xrayspring.recorder.sampling;

import java.util.Map;

/**
 * Decides whether a new trace is sampled (recorded and sent). Called once per trace
 * started here, on the request thread, so implementations must be thread-safe, fast and
 * must never throw.
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
	 * Decides whether the trace of this request is sampled and, for a centralized rule,
	 * names the rule. The recorder calls this rather than
	 * {@link #shouldTrace(SamplingRequest)}; the default asks
	 * {@link #shouldTrace(SamplingRequest)} and names no rule.
	 * @param request what the decision is made on
	 * @param serviceType the recorder's origin (for example {@code AWS::EC2::Instance}),
	 * {@code null} or empty when unknown; centralized rules match it against their
	 * {@code ServiceType}
	 * @return the decision, never {@code null}
	 */
	default SamplingOutcome decide(SamplingRequest request, String serviceType) {
		return SamplingOutcome.of(shouldTrace(request));
	}

	/**
	 * Returns counters of this strategy (for a centralized strategy: fetches, failures,
	 * active rules), which the recorder adds to its own {@code counters()}. Names ending
	 * in {@code .active} are current values, the others only grow. The key set never
	 * changes.
	 * @return a snapshot in a stable order; empty by default
	 */
	default Map<String, Long> counters() {
		return Map.of();
	}

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
