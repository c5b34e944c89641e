package org.xrayspring.console.sampling;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The rule fields of a CreateSamplingRule ({@code ServedSamplingRule}) or
 * UpdateSamplingRule ({@code SamplingRuleUpdate}) request, as sent: every field may be
 * missing ({@code null}). Creating requires all but {@code ruleArn} and
 * {@code attributes}; updating changes the fields that are present.
 *
 * @param ruleName the rule name (1 to 32 characters)
 * @param ruleArn the rule's ARN, an alternative to its name
 * @param resourceArn the resource ARN pattern (at most 500 characters)
 * @param priority the priority (1 to 9999)
 * @param fixedRate the fixed rate (0 to 1)
 * @param reservoirSize the reservoir size (0 or more)
 * @param serviceName the service name pattern (at most 64 characters)
 * @param serviceType the service type pattern (at most 64 characters)
 * @param host the host pattern (at most 64 characters)
 * @param httpMethod the HTTP method pattern (at most 10 characters)
 * @param urlPath the URL path pattern (at most 128 characters)
 * @param version the rule format version (only 1 exists; not part of an update)
 * @param attributes attribute patterns (at most 5, keys and values 1 to 32 characters);
 * replaces all attributes
 * @author xray-spring-boot
 */
public record SamplingRuleRequest(@Nullable String ruleName, @Nullable String ruleArn, @Nullable String resourceArn,
		@Nullable Integer priority, @Nullable Double fixedRate, @Nullable Integer reservoirSize,
		@Nullable String serviceName, @Nullable String serviceType, @Nullable String host, @Nullable String httpMethod,
		@Nullable String urlPath, @Nullable Integer version, @Nullable Map<String, String> attributes) {

	/**
	 * Create a complete request (as for CreateSamplingRule) from a rule.
	 * @param rule the rule
	 * @return the request
	 */
	public static SamplingRuleRequest of(ServedSamplingRule rule) {
		return new SamplingRuleRequest(rule.ruleName(), null, rule.resourceArn(), rule.priority(), rule.fixedRate(),
				rule.reservoirSize(), rule.serviceName(), rule.serviceType(), rule.host(), rule.httpMethod(),
				rule.urlPath(), 1, rule.attributes());
	}

}
