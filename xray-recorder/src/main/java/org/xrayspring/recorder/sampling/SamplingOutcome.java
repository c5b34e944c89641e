package org.xrayspring.recorder.sampling;

/**
 * A sampling decision and, when a centralized sampling rule made it, that rule's name
 * (recorded on the segment as {@code aws.xray.rule_name}). Instances are shared constants
 * or held per rule, so deciding allocates nothing.
 */
public final class SamplingOutcome {

	/** Sampled, by no named rule. */
	public static final SamplingOutcome SAMPLED = new SamplingOutcome(true, null);

	/** Not sampled. */
	public static final SamplingOutcome NOT_SAMPLED = new SamplingOutcome(false, null);

	private final boolean sampled;

	private final String ruleName;

	SamplingOutcome(boolean sampled, String ruleName) {
		this.sampled = sampled;
		this.ruleName = ruleName;
	}

	/**
	 * Returns the constant for a decision made by no named rule.
	 * @param sampled whether the trace is sampled
	 * @return {@link #SAMPLED} or {@link #NOT_SAMPLED}
	 */
	public static SamplingOutcome of(boolean sampled) {
		return sampled ? SAMPLED : NOT_SAMPLED;
	}

	/**
	 * Returns whether the trace is sampled.
	 * @return whether the trace is sampled
	 */
	public boolean sampled() {
		return this.sampled;
	}

	/**
	 * Returns the name of the centralized sampling rule that sampled the trace.
	 * @return the rule name, or {@code null} when not sampled or sampled by a local rule
	 */
	public String ruleName() {
		return this.ruleName;
	}

	@Override
	public String toString() {
		return "SamplingOutcome[sampled=" + this.sampled + ", ruleName=" + this.ruleName + "]";
	}

}
