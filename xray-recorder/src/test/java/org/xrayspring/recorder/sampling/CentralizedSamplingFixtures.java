package org.xrayspring.recorder.sampling;

import java.util.function.LongSupplier;

/**
 * JSON answers of the sampling API for tests, written as the service writes them.
 */
final class CentralizedSamplingFixtures {

	/**
	 * The wall clock that goes with a {@link TestClock}: epoch 1 700 000 000 s plus the
	 * test clock's time.
	 */
	static final long EPOCH_BASE_MILLIS = 1_700_000_000_000L;

	private CentralizedSamplingFixtures() {
	}

	static LongSupplier wallClock(TestClock clock) {
		return () -> EPOCH_BASE_MILLIS + clock.getAsLong() / 1_000_000L;
	}

	static double wallSeconds(TestClock clock) {
		return wallClock(clock).getAsLong() / 1000.0;
	}

	static String rule(String name, int priority, double fixedRate, int reservoirSize) {
		return rule(name, priority, fixedRate, reservoirSize, "*", "*", "*", "*", "*");
	}

	static String rule(String name, int priority, double fixedRate, int reservoirSize, String serviceName,
			String serviceType, String host, String httpMethod, String urlPath) {
		return rule(name, priority, fixedRate, reservoirSize, serviceName, serviceType, host, httpMethod, urlPath, "*",
				"{}");
	}

	static String rule(String name, int priority, double fixedRate, int reservoirSize, String serviceName,
			String serviceType, String host, String httpMethod, String urlPath, String resourceArn, String attributes) {
		return """
				{"SamplingRule": {"RuleName": "%s", "RuleARN": "arn:aws:xray:us-east-1:000000000000:sampling-rule/%s",
				"ResourceARN": "%s", "Priority": %d, "FixedRate": %s, "ReservoirSize": %d, "ServiceName": "%s",
				"ServiceType": "%s", "Host": "%s", "HTTPMethod": "%s", "URLPath": "%s", "Version": 1,
				"Attributes": %s}, "CreatedAt": 1.7E9, "ModifiedAt": 1.7E9}""".formatted(name, name, resourceArn,
				priority, fixedRate, reservoirSize, serviceName, serviceType, host, httpMethod, urlPath, attributes);
	}

	static String rules(String nextToken, String... records) {
		return "{\"SamplingRuleRecords\": [" + String.join(",", records) + "]"
				+ ((nextToken != null) ? ", \"NextToken\": \"" + nextToken + "\"" : "") + "}";
	}

	static String target(String ruleName, double fixedRate, int quota, double ttlEpochSeconds, int interval) {
		return """
				{"RuleName": "%s", "FixedRate": %s, "ReservoirQuota": %d, "ReservoirQuotaTTL": %s, "Interval": %d}"""
			.formatted(ruleName, fixedRate, quota, ttlEpochSeconds, interval);
	}

	static String targets(double lastRuleModification, String... documents) {
		return "{\"SamplingTargetDocuments\": [" + String.join(",", documents) + "], \"LastRuleModification\": "
				+ lastRuleModification + ", \"UnprocessedStatistics\": []}";
	}

}
