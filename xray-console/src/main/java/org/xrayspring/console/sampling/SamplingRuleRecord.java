package org.xrayspring.console.sampling;

import java.time.Instant;

/**
 * A sampling rule with when it was created and last modified, as GetSamplingRules and the
 * rule operations return it ({@code SamplingRuleRecord}).
 *
 * @param rule the rule
 * @param ruleArn the rule's ARN
 * @param createdAt when the rule was created (configured rules: when the console started)
 * @param modifiedAt when the rule was last changed
 * @author xray-spring-boot
 */
public record SamplingRuleRecord(ServedSamplingRule rule, String ruleArn, Instant createdAt, Instant modifiedAt) {

}
