package org.xrayspring.recorder.header;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Sampled} field of an {@code X-Amzn-Trace-Id} header.
 */
public enum SampleDecision {

	/** {@code Sampled=1}: the caller sampled the trace. */
	SAMPLED("1"),

	/** {@code Sampled=0}: the caller did not sample the trace. */
	NOT_SAMPLED("0"),

	/**
	 * {@code Sampled=?}: the caller asks the callee to decide and to report the decision
	 * in the response.
	 */
	REQUESTED("?"),

	/**
	 * No {@code Sampled} field, or a value other than {@code 1}, {@code 0} or {@code ?}.
	 */
	UNKNOWN(null);

	private final @Nullable String value;

	SampleDecision(@Nullable String value) {
		this.value = value;
	}

	/**
	 * The header value of this decision.
	 * @return {@code 1}, {@code 0}, {@code ?} or {@code null} for {@link #UNKNOWN}
	 */
	public @Nullable String headerValue() {
		return this.value;
	}

	/**
	 * The decision for a sampled flag.
	 * @param sampled whether the trace is sampled
	 * @return {@link #SAMPLED} or {@link #NOT_SAMPLED}
	 */
	public static SampleDecision of(boolean sampled) {
		return sampled ? SAMPLED : NOT_SAMPLED;
	}

	static SampleDecision parse(String value, int start, int end) {
		if (end - start == 1) {
			switch (value.charAt(start)) {
				case '1':
					return SAMPLED;
				case '0':
					return NOT_SAMPLED;
				case '?':
					return REQUESTED;
				default:
					return UNKNOWN;
			}
		}
		return UNKNOWN;
	}

}
