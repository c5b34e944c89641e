package org.xrayspring.recorder.sampling;

/**
 * Thrown when a sampling rules document is invalid. The message names the problem and,
 * when known, the rule ({@code rules[2]}) and field.
 */
public final class SamplingRulesException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what is wrong
	 */
	public SamplingRulesException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a cause.
	 * @param message what is wrong
	 * @param cause the underlying problem
	 */
	public SamplingRulesException(String message, Throwable cause) {
		super(message, cause);
	}

}
