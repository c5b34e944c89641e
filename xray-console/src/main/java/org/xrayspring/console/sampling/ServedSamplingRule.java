package org.xrayspring.console.sampling;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * A sampling rule as GetSamplingRules returns it.
 *
 * @param ruleName the name (1 to 32 characters)
 * @param priority the priority (1 to 9999; {@code Default} has 10000)
 * @param fixedRate the rate sampled after the reservoir is used (0 to 1)
 * @param reservoirSize requests per second sampled before the fixed rate applies
 * @param serviceName the service name pattern
 * @param serviceType the service type (origin) pattern
 * @param host the host pattern
 * @param httpMethod the HTTP method pattern
 * @param urlPath the URL path pattern
 * @param resourceArn the resource ARN pattern
 * @param attributes attribute patterns (SDKs ignore rules that have any)
 * @author xray-spring-boot
 */
public record ServedSamplingRule(String ruleName, int priority, double fixedRate, int reservoirSize, String serviceName,
		String serviceType, String host, String httpMethod, String urlPath, String resourceArn,
		Map<String, String> attributes) {

	/** Name of the rule that is always present. */
	public static final String DEFAULT_RULE_NAME = "Default";

	/**
	 * Validate the rule.
	 */
	public ServedSamplingRule {
		Assert.isTrue(ruleName != null && !ruleName.isEmpty() && ruleName.length() <= 32,
				"Sampling rule name must have 1 to 32 characters");
		Assert.isTrue(priority >= 1 && priority <= 10000, "Sampling rule priority must be 1 to 10000");
		Assert.isTrue(fixedRate >= 0 && fixedRate <= 1, "Sampling rule fixed rate must be 0 to 1");
		Assert.isTrue(reservoirSize >= 0, "Sampling rule reservoir size must not be negative");
		attributes = Map.copyOf(attributes);
	}

	/**
	 * Create the {@code Default} rule: priority 10000, matching everything.
	 * @param fixedRate the fixed rate
	 * @param reservoirSize the reservoir size
	 * @return the rule
	 */
	public static ServedSamplingRule defaultRule(double fixedRate, int reservoirSize) {
		return new ServedSamplingRule(DEFAULT_RULE_NAME, 10000, fixedRate, reservoirSize, "*", "*", "*", "*", "*", "*",
				Map.of());
	}

}
