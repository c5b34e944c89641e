package org.xrayspring.console.sampling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SamplingStatistics}.
 *
 * @author xray-spring-boot
 */
class SamplingStatisticsTests {

	private static final Instant START = Instant.parse("2026-12-01T10:00:03Z");

	private static final String CLIENT_A = "aaaaaaaaaaaaaaaaaaaaaaaa";

	private static final String CLIENT_B = "bbbbbbbbbbbbbbbbbbbbbbbb";

	private final MutableClock clock = new MutableClock(START);

	private final SamplingStatistics statistics = new SamplingStatistics(this.clock, 3);

	@Test
	void reportsInOneWindowAddUpPerRuleAndPerClient() {
		this.statistics.record("orders", CLIENT_A, 10, 3, 1);
		this.clock.advance(Duration.ofSeconds(6));
		this.statistics.record("orders", CLIENT_B, 5, 2, 0);
		SamplingStatistics.RuleStatistics orders = this.statistics.get("orders");
		assertThat(orders.windows())
			.containsExactly(new SamplingStatistics.Window(Instant.parse("2026-12-01T10:00:00Z"), 15, 5, 1, 2));
		assertThat(orders.clients()).extracting(SamplingStatistics.ClientStatistics::clientId)
			.containsExactly(CLIENT_B, CLIENT_A);
		assertThat(orders.clients().get(1).windows()).singleElement()
			.isEqualTo(new SamplingStatistics.Window(Instant.parse("2026-12-01T10:00:00Z"), 10, 3, 1, 1));
		assertThat(orders.clients().get(0).lastReport()).isEqualTo(START.plusSeconds(6));
	}

	@Test
	void windowsFollowTheConsoleClockAndOldOnesExpire() {
		for (int i = 0; i < 40; i++) {
			this.statistics.record("orders", CLIENT_A, i, 0, 0);
			this.clock.advance(Duration.ofSeconds(10));
		}
		this.clock.advance(Duration.ofSeconds(-10));
		SamplingStatistics.RuleStatistics orders = this.statistics.get("orders");
		assertThat(orders.windows()).hasSize(SamplingStatistics.RULE_WINDOWS);
		assertThat(orders.windows().get(0).requestCount()).isEqualTo(10);
		assertThat(orders.windows().get(29).requestCount()).isEqualTo(39);
		assertThat(orders.windows()).isSortedAccordingTo((a, b) -> a.start().compareTo(b.start()));
		assertThat(orders.clients().get(0).windows()).hasSize(SamplingStatistics.CLIENT_WINDOWS)
			.extracting(SamplingStatistics.Window::requestCount)
			.containsExactly(34L, 35L, 36L, 37L, 38L, 39L);
	}

	@Test
	void summariesGiveTheLatestWindowWithReportsPerRuleInTheOrderAsked() {
		this.statistics.record("orders", CLIENT_A, 10, 3, 1);
		this.clock.advance(Duration.ofSeconds(20));
		this.statistics.record("Default", CLIENT_A, 4, 1, 0);
		this.statistics.record("Default", CLIENT_B, 4, 1, 1);
		this.clock.advance(Duration.ofSeconds(20));
		List<SamplingStatistics.Summary> summaries = this.statistics.summaries(List.of("orders", "silent", "Default"));
		assertThat(summaries).extracting(SamplingStatistics.Summary::ruleName).containsExactly("orders", "Default");
		assertThat(summaries.get(0).window())
			.isEqualTo(new SamplingStatistics.Window(Instant.parse("2026-12-01T10:00:00Z"), 10, 3, 1, 1));
		assertThat(summaries.get(1).window())
			.isEqualTo(new SamplingStatistics.Window(Instant.parse("2026-12-01T10:00:20Z"), 8, 2, 1, 2));
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.statistics.summaries(List.of("orders", "Default"))).isEmpty();
	}

	@Test
	void clientsPerRuleAreBoundedAndTheLeastRecentIsDropped() {
		for (int i = 0; i < SamplingStatistics.MAX_CLIENTS_PER_RULE + 5; i++) {
			this.statistics.record("orders", "%024x".formatted(i), 1, 1, 0);
		}
		SamplingStatistics.RuleStatistics orders = this.statistics.get("orders");
		assertThat(orders.clients()).hasSize(SamplingStatistics.MAX_CLIENTS_PER_RULE);
		assertThat(orders.droppedClients()).isEqualTo(5);
		assertThat(orders.clients().get(0).clientId()).isEqualTo("%024x".formatted(104));
		assertThat(orders.clients()).noneMatch((client) -> client.clientId().equals("%024x".formatted(4)));
		assertThat(orders.windows().get(0).requestCount()).isEqualTo(105);
	}

	@Test
	void clientsThatStoppedReportingLeave() {
		this.statistics.record("orders", CLIENT_A, 1, 1, 0);
		this.clock.advance(Duration.ofSeconds(45));
		this.statistics.record("orders", CLIENT_B, 1, 1, 0);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.statistics.get("orders").clients()).extracting(SamplingStatistics.ClientStatistics::clientId)
			.containsExactly(CLIENT_B);
	}

	@Test
	void rulesAreBoundedAndRemovable() {
		this.statistics.record("a", CLIENT_A, 1, 0, 0);
		this.statistics.record("b", CLIENT_A, 1, 0, 0);
		this.statistics.record("c", CLIENT_A, 1, 0, 0);
		this.statistics.record("d", CLIENT_A, 1, 0, 0);
		assertThat(this.statistics.get("d").windows()).isEmpty();
		this.statistics.remove("a");
		assertThat(this.statistics.get("a").windows()).isEmpty();
		this.statistics.record("d", CLIENT_A, 1, 0, 0);
		assertThat(this.statistics.get("d").windows()).hasSize(1);
	}

	@Test
	void hugeCountsSaturateInsteadOfWrapping() {
		this.statistics.record("orders", CLIENT_A, Long.MAX_VALUE, Long.MAX_VALUE, 1);
		this.statistics.record("orders", CLIENT_A, Long.MAX_VALUE, 5, 1);
		SamplingStatistics.Window window = this.statistics.get("orders").windows().get(0);
		assertThat(window.requestCount()).isEqualTo(Long.MAX_VALUE);
		assertThat(window.sampledCount()).isEqualTo(Long.MAX_VALUE);
		assertThat(window.borrowCount()).isEqualTo(2);
	}

}
