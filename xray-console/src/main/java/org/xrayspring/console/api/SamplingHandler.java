package org.xrayspring.console.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.xrayspring.console.api.SamplingResponses.SamplingRuleRecord;
import org.xrayspring.console.api.SamplingResponses.SamplingRulesResponse;
import org.xrayspring.console.api.SamplingResponses.SamplingTargetDocument;
import org.xrayspring.console.api.SamplingResponses.SamplingTargetsResponse;
import org.xrayspring.console.api.SamplingResponses.UnprocessedStatistics;
import org.xrayspring.console.sampling.SamplingRules;
import tools.jackson.databind.JsonNode;

/**
 * The sampling operations the SDKs call: GetSamplingRules and GetSamplingTargets.
 *
 * @author xray-spring-boot
 */
final class SamplingHandler {

	private static final int MAX_STATISTICS_DOCUMENTS = 25;

	private final SamplingRules samplingRules;

	SamplingHandler(SamplingRules samplingRules) {
		this.samplingRules = samplingRules;
	}

	SamplingRulesResponse getSamplingRules(JsonNode body) {
		Instant modified = this.samplingRules.getModifiedAt();
		return new SamplingRulesResponse(this.samplingRules.getRules().stream()
			.map((rule) -> SamplingRuleRecord.of(rule, modified, modified))
			.toList());
	}

	SamplingTargetsResponse getSamplingTargets(JsonNode body) {
		List<SamplingRules.Statistics> statistics = readStatistics(body);
		List<SamplingTargetDocument> targets = new ArrayList<>();
		List<UnprocessedStatistics> unprocessed = new ArrayList<>();
		for (SamplingRules.Statistics statistic : statistics) {
			SamplingRules.Target target = this.samplingRules.report(statistic);
			if (target != null) {
				targets.add(SamplingTargetDocument.of(target));
			}
			else {
				unprocessed.add(new UnprocessedStatistics(statistic.ruleName(), "RuleNotFound",
						"No sampling rule named '" + statistic.ruleName() + "'"));
			}
		}
		return new SamplingTargetsResponse(targets, unprocessed, Seconds.of(this.samplingRules.getModifiedAt()));
	}

	private static List<SamplingRules.Statistics> readStatistics(JsonNode body) {
		JsonNode documents = JsonRequests.array(body, "SamplingStatisticsDocuments");
		if (documents.size() > MAX_STATISTICS_DOCUMENTS) {
			throw ApiException.invalidRequest("1 validation error detected: 'SamplingStatisticsDocuments' "
					+ "failed to satisfy constraint: Member must have length less than or equal to 25");
		}
		List<SamplingRules.Statistics> statistics = new ArrayList<>();
		for (JsonNode document : documents) {
			if (!document.isObject()) {
				throw ApiException.invalidRequest("'SamplingStatisticsDocuments' must be a list of objects");
			}
			String ruleName = JsonRequests.string(document, "RuleName", true);
			String clientId = JsonRequests.string(document, "ClientID", true);
			if (clientId.length() != 24) {
				throw ApiException.invalidRequest("1 validation error detected: 'ClientID' failed to satisfy "
						+ "constraint: Member must have length 24");
			}
			JsonRequests.timestamp(document, "Timestamp", true);
			statistics.add(new SamplingRules.Statistics(ruleName, clientId,
					JsonRequests.number(document, "RequestCount", true),
					JsonRequests.number(document, "SampledCount", true),
					JsonRequests.number(document, "BorrowCount", false)));
		}
		return statistics;
	}

}
