package org.xrayspring.recorder.sampling;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.xrayspring.recorder.sampling.ScriptedSamplingServer.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.rule;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.rules;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.target;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.targets;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.wallSeconds;

/**
 * Decisions of {@link CentralizedSamplingStrategy} as the protocol reference describes
 * them (rule order, matching, quota while its TTL holds, borrowing, fixed rate,
 * statistics, expiry), with a test clock. The rules come from a scripted sampling API;
 * the poll methods are called on the test thread.
 */
class CentralizedSamplingDecisionTests {

	private static final String GET_RULES = "/GetSamplingRules";

	private static final String TARGETS = "/SamplingTargets";

	private final TestClock clock = TestClock.atSeconds(1000.0);

	private double randomValue = 0.5;

	private final AtomicInteger fallbackCalls = new AtomicInteger();

	private final SamplingStrategy fallback = (request) -> {
		this.fallbackCalls.incrementAndGet();
		return true;
	};

	private ScriptedSamplingServer server;

	private CentralizedSamplingStrategy strategy;

	@AfterEach
	void close() {
		if (this.strategy != null) {
			this.strategy.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	private CentralizedSamplingStrategy strategyWithRules(String... records) throws IOException {
		this.server = new ScriptedSamplingServer();
		this.server.then(GET_RULES, Answer.json(rules(null, records)));
		this.strategy = CentralizedSamplingStrategy.builder(this.server.endpoint())
			.fallback(this.fallback)
			.sources(this.clock, CentralizedSamplingFixtures.wallClock(this.clock), () -> this.randomValue)
			.rulesLifetime(Duration.ofSeconds(3600))
			// generous: the machine may be busy, and a timed-out call would change what
			// these tests see
			.timeouts(Duration.ofSeconds(20), Duration.ofSeconds(20))
			.build();
		assertThat(this.strategy.pollRules()).isTrue();
		return this.strategy;
	}

	private static SamplingRequest request(String host, String method, String path, String serviceName) {
		return new SamplingRequest(host, method, path, serviceName);
	}

	private String ruleOf(SamplingRequest request, String serviceType) {
		SamplingOutcome outcome = this.strategy.decide(request, serviceType);
		return outcome.sampled() ? outcome.ruleName() : "not sampled";
	}

	@Test
	void rulesAreTriedByPriorityThenNameWithDefaultLast() throws IOException {
		strategyWithRules(rule("Default", 10000, 1.0, 0), rule("b-orders", 5, 1.0, 0, "*", "*", "*", "*", "/orders*"),
				rule("a-orders", 5, 1.0, 0, "*", "*", "*", "*", "/orders/*"),
				rule("urgent", 1, 1.0, 0, "*", "*", "*", "*", "/orders/urgent"), rule("zzz", 9999, 1.0, 0));
		assertThat(ruleOf(request("h", "GET", "/orders/urgent", "svc"), "")).isEqualTo("urgent");
		assertThat(ruleOf(request("h", "GET", "/orders/1", "svc"), "")).isEqualTo("a-orders");
		assertThat(ruleOf(request("h", "GET", "/orders", "svc"), "")).isEqualTo("b-orders");
		// a rule matching everything but with a lower priority than 10000 still comes
		// before Default
		assertThat(ruleOf(request("h", "GET", "/other", "svc"), "")).isEqualTo("zzz");
		assertThat(this.fallbackCalls).hasValue(0);
	}

	@ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			api.example.com | POST | /orders/1 | orders   | AWS::EC2::Instance  | orders-ec2
			API.EXAMPLE.COM | post | /ORDERS/1 | ORDERS   | aws::ec2::instance  | orders-ec2
			api.example.com | POST | /orders/1 | orders   | AWS::ECS::Container | orders-any-type
			api.example.com | POST | /orders/1 | orders   | null                | orders-any-type
			api.example.com | GET  | /orders/1 | orders   | AWS::EC2::Instance  | Default
			other.host      | POST | /orders/1 | orders   | AWS::EC2::Instance  | Default
			api.example.com | POST | /orders/1 | billing  | AWS::EC2::Instance  | Default
			null            | null | null      | null     | null                | Default
			""")
	void matchesServiceNameServiceTypeHostMethodAndPathIgnoringCase(String host, String method, String path,
			String serviceName, String serviceType, String expected) throws IOException {
		strategyWithRules(rule("Default", 10000, 1.0, 0),
				rule("orders-ec2", 1, 1.0, 0, "ord*", "AWS::EC2::*", "api.*.com", "POST", "/orders/*"),
				rule("orders-any-type", 2, 1.0, 0, "orders", "*", "api.example.com", "POST", "/orders/?"));
		assertThat(ruleOf(request(host, method, path, serviceName), serviceType)).isEqualTo(expected);
	}

	@Test
	void resourceArnAndAttributesMatchTheEmptyValuesOfThisRecorder() throws IOException {
		strategyWithRules(rule("Default", 10000, 1.0, 0),
				rule("lambda-only", 1, 1.0, 0, "*", "*", "*", "*", "*", "arn:aws:lambda:*", "{}"),
				rule("needs-attribute", 2, 1.0, 0, "*", "*", "*", "*", "*", "*", "{\"tenant\": \"gold\"}"),
				rule("any-attribute", 3, 1.0, 0, "*", "*", "*", "*", "/any", "*", "{\"tenant\": \"*\"}"));
		assertThat(ruleOf(request("h", "GET", "/x", "svc"), "")).isEqualTo("Default");
		assertThat(ruleOf(request("h", "GET", "/any", "svc"), "")).isEqualTo("any-attribute");
		assertThat(this.strategy.counters()).containsEntry("sampling.rules.active", 2L);
	}

	@Test
	void invalidRulesAreSkippedAndTheOthersApply() throws IOException {
		String version2 = rule("v2", 1, 1.0, 0).replace("\"Version\": 1", "\"Version\": 2");
		String badRate = rule("bad-rate", 1, 1.5, 0);
		String longName = rule("a-name-that-is-longer-than-32-characters", 1, 1.0, 0);
		strategyWithRules(version2, badRate, longName, "{\"SamplingRule\": 7}", "null", rule("Default", 10000, 0.0, 0));
		assertThat(this.strategy.counters()).containsEntry("sampling.rules.active", 1L);
		assertThat(ruleOf(request("h", "GET", "/x", "svc"), "")).isEqualTo("not sampled");
	}

	@Test
	void withoutQuotaARuleBorrowsOneRequestASecondThenAppliesItsFixedRate() throws IOException {
		strategyWithRules(rule("Default", 10000, 0.0, 1));
		SamplingRequest any = request("h", "GET", "/", "svc");
		assertThat(ruleOf(any, "")).isEqualTo("Default");
		assertThat(ruleOf(any, "")).isEqualTo("not sampled");
		this.clock.advanceMillis(1000);
		assertThat(ruleOf(any, "")).isEqualTo("Default");
		assertThat(ruleOf(any, "")).isEqualTo("not sampled");
		assertThat(statisticsAfterTargets(targets(0)))
			.containsExactly(Map.of("RuleName", "Default", "RequestCount", 4L, "SampledCount", 2L, "BorrowCount", 2L));
	}

	@Test
	void aRuleWithoutReservoirNeverBorrows() throws IOException {
		strategyWithRules(rule("Default", 10000, 0.0, 0));
		assertThat(ruleOf(request("h", "GET", "/", "svc"), "")).isEqualTo("not sampled");
	}

	@Test
	void aQuotaWhileItsTtlHoldsSamplesThatManyASecondThenTheTargetsFixedRate() throws IOException {
		strategyWithRules(rule("Default", 10000, 0.0, 1));
		SamplingRequest any = request("h", "GET", "/", "svc");
		ruleOf(any, "");
		double ttl = wallSeconds(this.clock) + 10;
		statisticsAfterTargets(targets(0, target("Default", 0.25, 3, ttl, 10)));
		this.clock.advanceMillis(1000);
		assertThat(List.of(ruleOf(any, ""), ruleOf(any, ""), ruleOf(any, ""), ruleOf(any, "")))
			.containsExactly("Default", "Default", "Default", "not sampled");
		this.randomValue = 0.2;
		assertThat(ruleOf(any, "")).isEqualTo("Default");
		this.randomValue = 0.5;
		this.clock.advanceMillis(1000);
		assertThat(List.of(ruleOf(any, ""), ruleOf(any, ""), ruleOf(any, ""), ruleOf(any, "")))
			.containsExactly("Default", "Default", "Default", "not sampled");
		assertThat(statisticsAfterTargets(targets(0)))
			.containsExactly(Map.of("RuleName", "Default", "RequestCount", 9L, "SampledCount", 7L, "BorrowCount", 0L));
	}

	@Test
	void aQuotaOfZeroSamplesOnlyByFixedRateAndDoesNotBorrow() throws IOException {
		strategyWithRules(rule("Default", 10000, 1.0, 5));
		SamplingRequest any = request("h", "GET", "/", "svc");
		ruleOf(any, "");
		statisticsAfterTargets(targets(0, target("Default", 0.0, 0, wallSeconds(this.clock) + 60, 10)));
		this.clock.advanceMillis(1000);
		assertThat(ruleOf(any, "")).isEqualTo("not sampled");
		assertThat(ruleOf(any, "")).isEqualTo("not sampled");
	}

	@Test
	void anExpiredQuotaFallsBackToBorrowing() throws IOException {
		strategyWithRules(rule("Default", 10000, 0.0, 1));
		SamplingRequest any = request("h", "GET", "/", "svc");
		ruleOf(any, "");
		statisticsAfterTargets(targets(0, target("Default", 0.0, 100, wallSeconds(this.clock) + 5, 10)));
		this.clock.advanceMillis(1000);
		assertThat(List.of(ruleOf(any, ""), ruleOf(any, ""), ruleOf(any, ""))).containsOnly("Default");
		this.clock.advanceMillis(5000);
		assertThat(List.of(ruleOf(any, ""), ruleOf(any, ""), ruleOf(any, ""))).containsExactly("Default", "not sampled",
				"not sampled");
		assertThat(statisticsAfterTargets(targets(0)))
			.containsExactly(Map.of("RuleName", "Default", "RequestCount", 6L, "SampledCount", 4L, "BorrowCount", 1L));
	}

	@Test
	void aQuotaWhoseTtlHasAlreadyPassedIsNotUsed() throws IOException {
		strategyWithRules(rule("Default", 10000, 0.0, 0));
		SamplingRequest any = request("h", "GET", "/", "svc");
		ruleOf(any, "");
		statisticsAfterTargets(targets(0, target("Default", 0.0, 100, wallSeconds(this.clock) - 1, 10)));
		assertThat(ruleOf(any, "")).isEqualTo("not sampled");
	}

	@Test
	void expiredRulesLeaveDecisionsToTheLocalRulesUntilTheNextSuccessfulFetch() throws IOException {
		strategyWithRules(rule("Default", 10000, 1.0, 0));
		SamplingRequest any = request("h", "GET", "/", "svc");
		this.clock.advanceMillis(3_600_000);
		assertThat(ruleOf(any, "")).isEqualTo("Default");
		this.clock.advanceMillis(1);
		SamplingOutcome outcome = this.strategy.decide(any, "");
		assertThat(outcome.sampled()).isTrue();
		assertThat(outcome.ruleName()).isNull();
		assertThat(this.fallbackCalls).hasValue(1);
		assertThat(this.strategy.counters()).containsEntry("sampling.rules.active", 0L);
		this.server.then(GET_RULES, Answer.status(500));
		assertThat(this.strategy.pollRules()).isFalse();
		assertThat(this.strategy.decide(any, "").ruleName()).isNull();
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 0))));
		assertThat(this.strategy.pollRules()).isTrue();
		assertThat(ruleOf(any, "")).isEqualTo("Default");
	}

	@Test
	void aSuccessfulTargetsCallKeepsTheFetchedRulesInEffect() throws IOException {
		strategyWithRules(rule("Default", 10000, 1.0, 0));
		SamplingRequest any = request("h", "GET", "/", "svc");
		this.clock.advanceMillis(3_000_000);
		assertThat(ruleOf(any, "")).isEqualTo("Default");
		statisticsAfterTargets(targets(0));
		this.clock.advanceMillis(1_000_000);
		assertThat(ruleOf(any, "")).isEqualTo("Default");
		// a failed targets call does not
		this.server.then(TARGETS, Answer.status(503));
		this.strategy.pollTargets();
		this.clock.advanceMillis(3_000_000);
		assertThat(this.strategy.decide(any, "").ruleName()).isNull();
	}

	@Test
	void beforeTheFirstFetchAndWithoutAMatchingRuleTheLocalRulesDecide() throws IOException {
		this.server = new ScriptedSamplingServer();
		this.strategy = CentralizedSamplingStrategy.builder(this.server.endpoint())
			.fallback(SamplingStrategy.never())
			.sources(this.clock, CentralizedSamplingFixtures.wallClock(this.clock), () -> this.randomValue)
			.build();
		assertThat(this.strategy.decide(request("h", "GET", "/", "svc"), "")).isSameAs(SamplingOutcome.NOT_SAMPLED);
		assertThat(this.strategy.shouldTrace(null)).isFalse();
		this.server.then(GET_RULES, Answer.json(rules(null, rule("only-api", 1, 1.0, 0, "*", "*", "*", "*", "/api"))));
		assertThat(this.strategy.pollRules()).isTrue();
		assertThat(this.strategy.decide(request("h", "GET", "/api", "svc"), "").ruleName()).isEqualTo("only-api");
		assertThat(this.strategy.decide(request("h", "GET", "/web", "svc"), "")).isSameAs(SamplingOutcome.NOT_SAMPLED);
	}

	@Test
	void aFailingClockOrRandomSourceNeverThrows() throws IOException {
		this.server = new ScriptedSamplingServer();
		this.server.always(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 0.5, 0))));
		AtomicBoolean failing = new AtomicBoolean();
		this.strategy = CentralizedSamplingStrategy.builder(this.server.endpoint())
			.fallback(SamplingStrategy.always())
			.sources(() -> {
				if (failing.get()) {
					throw new IllegalStateException("clock");
				}
				return this.clock.getAsLong();
			}, CentralizedSamplingFixtures.wallClock(this.clock), () -> {
				throw new IllegalStateException("random");
			})
			.build();
		assertThat(this.strategy.pollRules()).isTrue();
		SamplingRequest any = request("h", "GET", "/", "svc");
		assertThat(this.strategy.decide(any, "")).isSameAs(SamplingOutcome.NOT_SAMPLED);
		failing.set(true);
		assertThat(this.strategy.decide(any, "")).isSameAs(SamplingOutcome.NOT_SAMPLED);
	}

	/**
	 * Answers the next targets call with the given body, polls targets and returns the
	 * statistics documents sent (without ClientID and Timestamp, which other tests
	 * check).
	 */
	private List<Map<String, Object>> statisticsAfterTargets(String answer) {
		int before = this.server.requests(TARGETS).size();
		this.server.then(TARGETS, Answer.json(answer));
		this.strategy.pollTargets();
		List<ScriptedSamplingServer.Request> sent = this.server.requests(TARGETS);
		if (sent.size() == before) {
			return List.of();
		}
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> documents = (List<Map<String, Object>>) sent.get(sent.size() - 1)
			.json()
			.get("SamplingStatisticsDocuments");
		return documents.stream()
			.map((document) -> Map.of("RuleName", document.get("RuleName"), "RequestCount",
					document.get("RequestCount"), "SampledCount", document.get("SampledCount"), "BorrowCount",
					document.get("BorrowCount")))
			.toList();
	}

}
