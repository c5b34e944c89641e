package org.xrayspring.console.sampling;

/**
 * A change to the sampling rules that the X-Ray service would refuse, with the service's
 * error type ({@code InvalidRequestException} or {@code RuleLimitExceededException}, both
 * answered with HTTP 400).
 *
 * @author xray-spring-boot
 */
public final class SamplingRuleException extends RuntimeException {

	/** Error type of invalid or missing parameters. */
	public static final String INVALID_REQUEST = "InvalidRequestException";

	/** Error type of a create beyond the maximum number of rules. */
	public static final String RULE_LIMIT_EXCEEDED = "RuleLimitExceededException";

	private final String errorType;

	SamplingRuleException(String errorType, String message) {
		super(message, null, false, false);
		this.errorType = errorType;
	}

	static SamplingRuleException invalidRequest(String message) {
		return new SamplingRuleException(INVALID_REQUEST, message);
	}

	/**
	 * Return the X-Ray error type ({@code __type}).
	 * @return the error type
	 */
	public String getErrorType() {
		return this.errorType;
	}

}
