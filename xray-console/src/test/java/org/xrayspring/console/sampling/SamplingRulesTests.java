package org.xrayspring.console.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link SamplingRules} as a rule store: create, update and delete under the
 * X-Ray service's constraints.
 *
 * @author xray-spring-boot
 */
class SamplingRulesTests {

	private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final SamplingRules rules = new SamplingRules(
			List.of(new ServedSamplingRule("orders", 10, 0.5, 4, "front", "*", "*", "*", "/orders*", "*", Map.of())),
			ServedSamplingRule.defaultRule(0.05, 1), this.clock);

	@Test
	void startsWithTheConfiguredRulesAndDefaultLast() {
		assertThat(this.rules.getRecords()).extracting((record) -> record.rule().ruleName())
			.containsExactly("orders", "Default");
		assertThat(this.rules.getRecords()).allSatisfy((record) -> {
			assertThat(record.createdAt()).isEqualTo(START);
			assertThat(record.modifiedAt()).isEqualTo(START);
			assertThat(record.ruleArn()).isEqualTo(SamplingRules.RULE_ARN_PREFIX + record.rule().ruleName());
		});
		assertThat(this.rules.getModifiedAt()).isEqualTo(START);
	}

	@Test
	void createAddsTheRuleInPriorityOrderAndMovesTheModificationTime() {
		this.clock.advance(Duration.ofSeconds(5));
		SamplingRuleRecord created = this.rules.create(request("checkout", 5));
		assertThat(created.rule()).isEqualTo(new ServedSamplingRule("checkout", 5, 0.25, 2, "shop",
				"AWS::EC2::Instance", "*", "POST", "/checkout", "*", Map.of("tier", "gold")));
		assertThat(created.createdAt()).isEqualTo(START.plusSeconds(5));
		assertThat(created.modifiedAt()).isEqualTo(START.plusSeconds(5));
		assertThat(created.ruleArn()).isEqualTo("arn:aws:xray:local:000000000000:sampling-rule/checkout");
		assertThat(this.rules.getRules()).extracting(ServedSamplingRule::ruleName)
			.containsExactly("checkout", "orders", "Default");
		assertThat(this.rules.getModifiedAt()).isEqualTo(START.plusSeconds(5));
	}

	@Test
	void equalPrioritiesAreOrderedByName() {
		this.rules.create(request("b", 10));
		this.rules.create(request("a", 10));
		assertThat(this.rules.getRules()).extracting(ServedSamplingRule::ruleName)
			.containsExactly("a", "b", "orders", "Default");
	}

	@Test
	void createRefusesATakenName() {
		assertThatThrownBy(() -> this.rules.create(request("orders", 5)))
			.isInstanceOfSatisfying(SamplingRuleException.class, (ex) -> {
				assertThat(ex.getErrorType()).isEqualTo("InvalidRequestException");
				assertThat(ex.getMessage()).contains("'orders' already exists");
			});
		assertThatThrownBy(() -> this.rules.create(request("Default", 5))).isInstanceOf(SamplingRuleException.class);
		assertThat(this.rules.getRules()).hasSize(2);
	}

	@Test
	void createRefusesMoreThan25RulesWithRuleLimitExceeded() {
		for (int i = 3; i <= SamplingRules.MAX_RULES; i++) {
			this.rules.create(request("rule-" + i, i));
		}
		assertThat(this.rules.getRules()).hasSize(25);
		assertThatThrownBy(() -> this.rules.create(request("one-more", 1))).isInstanceOfSatisfying(
				SamplingRuleException.class,
				(ex) -> assertThat(ex.getErrorType()).isEqualTo("RuleLimitExceededException"));
		this.rules.delete("rule-3", null);
		this.rules.create(request("one-more", 1));
		assertThat(this.rules.getRules()).hasSize(25);
	}

	@Test
	void createChecksEveryConstraintAndReportsThemTogether() {
		SamplingRuleRequest invalid = new SamplingRuleRequest("x".repeat(33), null, "a".repeat(501), 10000, 1.5, -1,
				"s".repeat(65), "t".repeat(65), "h".repeat(65), "GETTTTTTTTT", "/".repeat(129), 0, Map.of("k", ""));
		assertThatThrownBy(() -> this.rules.create(invalid)).isInstanceOfSatisfying(SamplingRuleException.class,
				(ex) -> {
					assertThat(ex.getErrorType()).isEqualTo("InvalidRequestException");
					assertThat(ex.getMessage()).startsWith("12 validation errors detected: ")
						.contains("Value at 'samplingRule.ruleName' failed to satisfy constraint: Member must "
								+ "have length less than or equal to 32")
						.contains("Value '10000' at 'samplingRule.priority' failed to satisfy constraint: Member "
								+ "must have value less than or equal to 9999")
						.contains("Value '1.5' at 'samplingRule.fixedRate'")
						.contains("Value '-1' at 'samplingRule.reservoirSize' failed to satisfy constraint: "
								+ "Member must have value greater than or equal to 0")
						.contains("'samplingRule.resourceARN'")
						.contains("'samplingRule.serviceName'")
						.contains("'samplingRule.serviceType'")
						.contains("'samplingRule.host'")
						.contains("'samplingRule.hTTPMethod'")
						.contains("'samplingRule.uRLPath'")
						.contains("Value '0' at 'samplingRule.version'")
						.contains("'samplingRule.attributes'")
						.doesNotContain("xxxx");
				});
		assertThat(this.rules.getModifiedAt()).isEqualTo(START);
	}

	@Test
	void createRequiresTheServiceRequiredFields() {
		SamplingRuleRequest missing = new SamplingRuleRequest("partial", null, null, null, null, null, null, null, null,
				null, null, null, null);
		assertThatThrownBy(() -> this.rules.create(missing)).hasMessageStartingWith("10 validation errors detected")
			.hasMessageContaining(
					"Value null at 'samplingRule.priority' failed to satisfy constraint: Member must " + "not be null");
	}

	@Test
	void createAcceptsOnlyVersion1AndBoundaryValues() {
		SamplingRuleRequest version2 = new SamplingRuleRequest("v2", null, "*", 1, 0.0, 0, "*", "*", "*", "*", "*", 2,
				null);
		assertThatThrownBy(() -> this.rules.create(version2)).hasMessageContaining("'samplingRule.version'");
		SamplingRuleRequest edges = new SamplingRuleRequest("n".repeat(32), null, "a".repeat(500), 9999, 1.0,
				Integer.MAX_VALUE, "s".repeat(64), "", "h".repeat(64), "M".repeat(10), "/".repeat(128), 1,
				Map.of("a", "1", "b", "2", "c", "3", "d", "4", "k".repeat(32), "v".repeat(32)));
		assertThat(this.rules.create(edges).rule().attributes()).hasSize(5);
	}

	@Test
	void createTakesTheNameFromTheArnAndRefusesAMismatch() {
		SamplingRuleRequest byArn = new SamplingRuleRequest(null,
				"arn:aws:xray:us-east-1:123456789012:sampling-rule/by-arn", "*", 5, 0.1, 1, "*", "*", "*", "*", "*", 1,
				null);
		assertThat(this.rules.create(byArn).rule().ruleName()).isEqualTo("by-arn");
		SamplingRuleRequest mismatch = new SamplingRuleRequest("one", SamplingRules.RULE_ARN_PREFIX + "other", "*", 5,
				0.1, 1, "*", "*", "*", "*", "*", 1, null);
		assertThatThrownBy(() -> this.rules.create(mismatch)).hasMessageContaining("different rules");
	}

	@Test
	void updateChangesOnlyTheFieldsSentAndKeepsCreatedAt() {
		this.clock.advance(Duration.ofSeconds(30));
		SamplingRuleRecord updated = this.rules.update(new SamplingRuleRequest("orders", null, null, 3, 0.9, null, null,
				null, "api.example.com", null, null, null, Map.of("a", "b")));
		assertThat(updated.rule()).isEqualTo(new ServedSamplingRule("orders", 3, 0.9, 4, "front", "*",
				"api.example.com", "*", "/orders*", "*", Map.of("a", "b")));
		assertThat(updated.createdAt()).isEqualTo(START);
		assertThat(updated.modifiedAt()).isEqualTo(START.plusSeconds(30));
		assertThat(this.rules.getModifiedAt()).isEqualTo(START.plusSeconds(30));
		assertThat(this.rules.getRule("orders")).isEqualTo(updated.rule());
		SamplingRuleRecord cleared = this.rules
			.update(new SamplingRuleRequest(null, SamplingRules.RULE_ARN_PREFIX + "orders", null, null, null, null,
					null, null, null, null, null, null, Map.of()));
		assertThat(cleared.rule().attributes()).isEmpty();
	}

	@Test
	void updateChecksTheFieldsSent() {
		assertThatThrownBy(() -> this.rules.update(
				new SamplingRuleRequest("orders", null, null, 0, null, null, null, null, null, null, null, null, null)))
			.hasMessage("1 validation error detected: Value '0' at 'samplingRuleUpdate.priority' failed to satisfy "
					+ "constraint: Member must have value greater than or equal to 1");
		assertThat(this.rules.getRule("orders").priority()).isEqualTo(10);
		assertThat(this.rules.getModifiedAt()).isEqualTo(START);
	}

	@Test
	void updateOfTheDefaultRuleChangesOnlyRateAndReservoir() {
		SamplingRuleRecord updated = this.rules.update(
				new SamplingRuleRequest("Default", null, "*", null, 0.5, 7, "*", null, null, null, null, null, null));
		assertThat(updated.rule()).isEqualTo(ServedSamplingRule.defaultRule(0.5, 7));
		assertThatThrownBy(() -> this.rules.update(new SamplingRuleRequest("Default", null, null, null, null, null,
				null, null, null, null, "/api/*", null, null)))
			.isInstanceOfSatisfying(SamplingRuleException.class,
					(ex) -> assertThat(ex.getErrorType()).isEqualTo("InvalidRequestException"))
			.hasMessage("Only FixedRate and ReservoirSize of the Default rule can be changed");
		assertThatThrownBy(() -> this.rules.update(new SamplingRuleRequest("Default", null, null, 5, null, null, null,
				null, null, null, null, null, null)))
			.hasMessageContaining("Default");
		assertThat(this.rules.getRule("Default")).isEqualTo(ServedSamplingRule.defaultRule(0.5, 7));
	}

	@Test
	void updateAndDeleteOfAMissingRuleFail() {
		assertThatThrownBy(() -> this.rules.update(
				new SamplingRuleRequest("nope", null, null, null, 0.5, null, null, null, null, null, null, null, null)))
			.isInstanceOf(SamplingRuleException.class)
			.hasMessageContaining("does not exist");
		assertThatThrownBy(() -> this.rules.delete("nope", null)).hasMessageContaining("does not exist");
		assertThatThrownBy(() -> this.rules.delete(null, null)).hasMessageContaining("RuleName or RuleARN");
		assertThatThrownBy(() -> this.rules.delete(null, "arn:aws:s3:::bucket"))
			.hasMessageContaining("not a sampling rule ARN");
		assertThatThrownBy(() -> this.rules.delete("orders", SamplingRules.RULE_ARN_PREFIX + "Default"))
			.hasMessageContaining("different rules");
		assertThat(this.rules.getRules()).hasSize(2);
	}

	@Test
	void deleteRemovesTheRuleItsStateAndStatistics() {
		this.rules.report(new SamplingRules.Statistics("orders", "a".repeat(24), 10, 2, 1));
		this.clock.advance(Duration.ofSeconds(1));
		SamplingRuleRecord deleted = this.rules.delete(null, SamplingRules.RULE_ARN_PREFIX + "orders");
		assertThat(deleted.rule().ruleName()).isEqualTo("orders");
		assertThat(this.rules.getRules()).extracting(ServedSamplingRule::ruleName).containsExactly("Default");
		assertThat(this.rules.getModifiedAt()).isEqualTo(START.plusSeconds(1));
		assertThat(this.rules.report(new SamplingRules.Statistics("orders", "a".repeat(24), 1, 1, 0))).isNull();
		assertThat(this.rules.getTotals()).containsOnlyKeys("Default");
		assertThat(this.rules.getStatistics().get("orders").windows()).isEmpty();
		// A rule created again under the same name starts afresh.
		this.rules.create(request("orders", 10));
		assertThat(this.rules.getTotals().get("orders").requests()).isZero();
	}

	@Test
	void theDefaultRuleCannotBeDeleted() {
		assertThatThrownBy(() -> this.rules.delete("Default", null)).isInstanceOfSatisfying(SamplingRuleException.class,
				(ex) -> {
					assertThat(ex.getErrorType()).isEqualTo("InvalidRequestException");
					assertThat(ex.getMessage()).isEqualTo("The Default rule cannot be deleted");
				});
	}

	@Test
	void reportsFeedTheQuotaTotalsAndStatisticsOfTheCurrentRule() {
		this.rules.update(
				new SamplingRuleRequest("orders", null, null, null, 0.7, 9, null, null, null, null, null, null, null));
		SamplingRules.Target target = this.rules
			.report(new SamplingRules.Statistics("orders", "a".repeat(24), 10, 4, 1));
		assertThat(target.fixedRate()).isEqualTo(0.7);
		assertThat(target.reservoirQuota()).isEqualTo(9);
		assertThat(this.rules.getStatistics().get("orders").windows()).singleElement()
			.satisfies((window) -> assertThat(window.requestCount()).isEqualTo(10));
		assertThat(this.rules.getStatistics().summaries(List.of("orders", "Default")))
			.extracting(SamplingStatistics.Summary::ruleName)
			.containsExactly("orders");
	}

	@Test
	void configuredRulesAreCheckedAtStart() {
		ServedSamplingRule tooLong = new ServedSamplingRule("r", 1, 0, 0, "s".repeat(65), "*", "*", "*", "*", "*",
				Map.of());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SamplingRules(List.of(tooLong), ServedSamplingRule.defaultRule(0.05, 1), this.clock))
			.withMessageContaining("'r'")
			.withMessageContaining("samplingRule.serviceName");
		List<ServedSamplingRule> many = new ArrayList<>();
		for (int i = 0; i < SamplingRules.MAX_RULES; i++) {
			many.add(new ServedSamplingRule("r" + i, 1, 0, 0, "*", "*", "*", "*", "*", "*", Map.of()));
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SamplingRules(many, ServedSamplingRule.defaultRule(0.05, 1), this.clock))
			.withMessageContaining("At most 25");
	}

	@Test
	void concurrentCreatesNeverExceedTheLimitAndReadersSeeWholeSnapshots() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				String name = "r" + i;
				results.add(executor.submit(() -> {
					start.await();
					try {
						this.rules.create(request(name, 100));
						return true;
					}
					catch (SamplingRuleException ex) {
						return false;
					}
				}));
			}
			Future<Boolean> reader = executor.submit(() -> {
				start.await();
				for (int i = 0; i < 1000; i++) {
					List<ServedSamplingRule> snapshot = this.rules.getRules();
					if (!snapshot.get(snapshot.size() - 1).ruleName().equals("Default") || snapshot.size() > 25) {
						return false;
					}
				}
				return true;
			});
			start.countDown();
			long created = 0;
			for (Future<Boolean> result : results) {
				created += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(created).isEqualTo(23);
			assertThat(reader.get(30, TimeUnit.SECONDS)).isTrue();
			assertThat(this.rules.getRules()).hasSize(25);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static SamplingRuleRequest request(String name, int priority) {
		return new SamplingRuleRequest(name, null, "*", priority, 0.25, 2, "shop", "AWS::EC2::Instance", "*", "POST",
				"/checkout", 1, Map.of("tier", "gold"));
	}

}
