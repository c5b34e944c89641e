package org.xrayspring.console.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.xrayspring.console.api.SamplingResponses.SamplingRuleRecord;
import org.xrayspring.console.api.SamplingResponses.SamplingRuleResponse;
import org.xrayspring.console.api.SamplingResponses.SamplingRulesResponse;
import org.xrayspring.console.api.SamplingResponses.SamplingStatisticSummariesResponse;
import org.xrayspring.console.api.SamplingResponses.SamplingStatisticSummary;
import org.xrayspring.console.api.SamplingResponses.SamplingTargetDocument;
import org.xrayspring.console.api.SamplingResponses.SamplingTargetsResponse;
import org.xrayspring.console.api.SamplingResponses.UnprocessedStatistics;
import org.xrayspring.console.sampling.ServedSamplingRule;
import org.xrayspring.console.sampling.SamplingRuleException;
import org.xrayspring.console.sampling.SamplingRuleRequest;
import org.xrayspring.console.sampling.SamplingRules;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

/**
 * The sampling operations: GetSamplingRules and GetSamplingTargets (which the SDKs call),
 * CreateSamplingRule, UpdateSamplingRule, DeleteSamplingRule and
 * GetSamplingStatisticSummaries, and the console's own view of the rules with their
 * statistics for the UI.
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
		return new SamplingRulesResponse(this.samplingRules.getRecords().stream().map(SamplingRuleRecord::of).toList());
	}

	SamplingRuleResponse createSamplingRule(JsonNode body) {
		SamplingRuleRequest rule = SamplingRuleRequests.read(body, "SamplingRule");
		return change(() -> this.samplingRules.create(rule));
	}

	SamplingRuleResponse updateSamplingRule(JsonNode body) {
		SamplingRuleRequest update = SamplingRuleRequests.read(body, "SamplingRuleUpdate");
		return change(() -> this.samplingRules.update(update));
	}

	SamplingRuleResponse deleteSamplingRule(JsonNode body) {
		String ruleName = JsonRequests.string(body, "RuleName", false);
		String ruleArn = JsonRequests.string(body, "RuleARN", false);
		return change(() -> this.samplingRules.delete(ruleName, ruleArn));
	}

	private static SamplingRuleResponse change(Supplier<org.xrayspring.console.sampling.SamplingRuleRecord> change) {
		try {
			return new SamplingRuleResponse(SamplingRuleRecord.of(change.get()));
		}
		catch (SamplingRuleException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ex.getErrorType(), ex.getMessage());
		}
	}

	SamplingStatisticSummariesResponse getSamplingStatisticSummaries(JsonNode body) {
		// One page holds every rule's summary (there are at most 25 rules), so no
		// NextToken is ever returned.
		JsonRequests.string(body, "NextToken", false);
		List<String> ruleNames = this.samplingRules.getRules().stream().map(ServedSamplingRule::ruleName).toList();
		return new SamplingStatisticSummariesResponse(this.samplingRules.getStatistics()
			.summaries(ruleNames)
			.stream()
			.map(SamplingStatisticSummary::of)
			.toList());
	}

	SamplingConsoleResponse consoleSampling(JsonNode body) {
		return SamplingConsoleResponse.of(this.samplingRules);
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
