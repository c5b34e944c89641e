package org.xrayspring.console.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.xrayspring.console.sampling.ServedSamplingRule;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.sampling.SamplingStatistics;

/**
 * The response shapes of the sampling operations.
 *
 * @author xray-spring-boot
 */
final class SamplingResponses {

	private SamplingResponses() {
	}

	/**
	 * GetSamplingRules' response.
	 *
	 * @param samplingRuleRecords the rules by priority, {@code Default} last
	 */
	@XRayShape
	record SamplingRulesResponse(List<SamplingRuleRecord> samplingRuleRecords) {
	}

	/**
	 * A rule with its creation and modification times.
	 *
	 * @param samplingRule the rule
	 * @param createdAt when it was created, epoch seconds
	 * @param modifiedAt when it was last modified, epoch seconds
	 */
	@XRayShape
	record SamplingRuleRecord(SamplingRuleShape samplingRule, double createdAt, double modifiedAt) {

		static SamplingRuleRecord of(org.xrayspring.console.sampling.SamplingRuleRecord record) {
			return new SamplingRuleRecord(SamplingRuleShape.of(record.rule(), record.ruleArn()),
					Seconds.of(record.createdAt()), Seconds.of(record.modifiedAt()));
		}

	}

	/**
	 * A sampling rule as the API writes it.
	 *
	 * @param ruleName the name
	 * @param ruleARN the console's ARN for it
	 * @param resourceARN the resource ARN pattern
	 * @param priority the priority
	 * @param fixedRate the fixed rate
	 * @param reservoirSize the reservoir size
	 * @param serviceName the service name pattern
	 * @param serviceType the service type pattern
	 * @param host the host pattern
	 * @param httpMethod the HTTP method pattern
	 * @param urlPath the URL path pattern
	 * @param version always 1
	 * @param attributes the attribute patterns
	 */
	@XRayShape
	record SamplingRuleShape(String ruleName, String ruleARN, String resourceARN, int priority, double fixedRate,
			int reservoirSize, String serviceName, String serviceType, String host,
			@JsonProperty("HTTPMethod") String httpMethod, @JsonProperty("URLPath") String urlPath, int version,
			Map<String, String> attributes) {

		static SamplingRuleShape of(ServedSamplingRule rule, String ruleArn) {
			return new SamplingRuleShape(rule.ruleName(), ruleArn, rule.resourceArn(), rule.priority(),
					rule.fixedRate(), rule.reservoirSize(), rule.serviceName(), rule.serviceType(), rule.host(),
					rule.httpMethod(), rule.urlPath(), 1, rule.attributes());
		}

	}

	/**
	 * The response of CreateSamplingRule, UpdateSamplingRule and DeleteSamplingRule.
	 *
	 * @param samplingRuleRecord the created, updated or deleted rule
	 */
	@XRayShape
	record SamplingRuleResponse(SamplingRuleRecord samplingRuleRecord) {
	}

	/**
	 * GetSamplingStatisticSummaries' response.
	 *
	 * @param samplingStatisticSummaries the latest window with reports of each rule, in
	 * rule order
	 */
	@XRayShape
	record SamplingStatisticSummariesResponse(List<SamplingStatisticSummary> samplingStatisticSummaries) {
	}

	/**
	 * What clients reported for a rule in one 10-second window. Counts are the service's
	 * integers: larger sums are written as the largest integer.
	 *
	 * @param ruleName the rule
	 * @param timestamp the window's start, epoch seconds
	 * @param requestCount requests matched
	 * @param borrowCount requests sampled by borrowing
	 * @param sampledCount requests sampled
	 */
	@XRayShape
	record SamplingStatisticSummary(String ruleName, double timestamp, int requestCount, int borrowCount,
			int sampledCount) {

		static SamplingStatisticSummary of(SamplingStatistics.Summary summary) {
			SamplingStatistics.Window window = summary.window();
			return new SamplingStatisticSummary(summary.ruleName(), Seconds.of(window.start()),
					saturatedInt(window.requestCount()), saturatedInt(window.borrowCount()),
					saturatedInt(window.sampledCount()));
		}

		private static int saturatedInt(long count) {
			return (int) Math.min(Integer.MAX_VALUE, count);
		}

	}

	/**
	 * GetSamplingTargets' response.
	 *
	 * @param samplingTargetDocuments a target per known rule reported on
	 * @param unprocessedStatistics the statistics of unknown rules
	 * @param lastRuleModification when the rules last changed, epoch seconds
	 */
	@XRayShape
	record SamplingTargetsResponse(List<SamplingTargetDocument> samplingTargetDocuments,
			List<UnprocessedStatistics> unprocessedStatistics, double lastRuleModification) {
	}

	/**
	 * A client's target for a rule.
	 *
	 * @param ruleName the rule
	 * @param fixedRate the fixed rate
	 * @param reservoirQuota requests per second the client may sample
	 * @param reservoirQuotaTTL until when the quota is valid, epoch seconds
	 * @param interval seconds until the next report
	 */
	@XRayShape
	record SamplingTargetDocument(String ruleName, double fixedRate, int reservoirQuota, double reservoirQuotaTTL,
			int interval) {

		static SamplingTargetDocument of(SamplingRules.Target target) {
			return new SamplingTargetDocument(target.ruleName(), target.fixedRate(), target.reservoirQuota(),
					Seconds.of(target.reservoirQuotaTtl()), target.interval());
		}

	}

	/**
	 * Statistics that were not processed.
	 *
	 * @param ruleName the rule reported on
	 * @param errorCode the error code
	 * @param message why
	 */
	@XRayShape
	record UnprocessedStatistics(String ruleName, String errorCode, String message) {
	}

}
