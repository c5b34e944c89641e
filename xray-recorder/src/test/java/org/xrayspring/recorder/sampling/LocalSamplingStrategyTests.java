package org.xrayspring.recorder.sampling;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for decisions made by {@link LocalSamplingStrategy}.
 */
class LocalSamplingStrategyTests {

	private static final DoubleSupplier NO_RANDOM = () -> {
		throw new AssertionError("random source consulted");
	};

	private final TestClock clock = TestClock.atSeconds(1000.0);

	@Test
	void firstMatchingRuleWins() {
		LocalSamplingRule sampleAll = new LocalSamplingRule("all moves", "*", "*", "/api/move/*", 0, 1.0);
		LocalSamplingRule sampleNone = new LocalSamplingRule("api", "*", "*", "/api/*", 0, 0.0);
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 0, 1.0),
				List.of(sampleAll, sampleNone), this.clock, NO_RANDOM);
		assertThat(strategy.shouldTrace(request("h", "GET", "/api/move/up"))).isTrue();
		assertThat(strategy.shouldTrace(request("h", "GET", "/api/score"))).isFalse();
		assertThat(strategy.shouldTrace(request("h", "GET", "/other"))).isTrue();
		LocalSamplingStrategy reversed = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 0, 1.0),
				List.of(sampleNone, sampleAll), this.clock, NO_RANDOM);
		assertThat(reversed.shouldTrace(request("h", "GET", "/api/move/up"))).isFalse();
	}

	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@CsvSource(delimiter = '|', textBlock = """
			any.host           | GET    | /api/move/north     | 0
			any.host           | get    | /API/MOVE/north     | 0
			any.host           | GET    | /api/moves          | 1
			any.host           | GET    | /actuator/health    | 0
			any.host           | GET    | /ACTUATOR/HEALTH/db | 0
			any.host           | HEAD   | /actuator/health    | 1
			api-1.example.com  | post   | /orders             | 3
			API-7.EXAMPLE.COM  | POST   | /orders             | 3
			api-12.example.com | POST   | /orders             | 1
			api-1.example.com  | GET    | /orders             | 1
			api-1.example.com  | POST   | /orders/1           | 1
			""")
	void matchesOnHostMethodAndPathIgnoringCase(String host, String method, String path, int sampledOfThree)
			throws IOException {
		// rules-v2.json: moves (fixed 0, rate 0.05), GET health (fixed 0, rate 0), POST
		// api-?.example.com/orders
		// (fixed 10, rate 1), default (fixed 1, rate 0.1). With every draw 0.99 the count
		// of three requests tells
		// which rule decided: 0 for moves and health, 3 for orders, 1 for the default.
		LocalSamplingStrategy strategy = load("rules-v2.json").withSources(this.clock, () -> 0.99);
		int sampled = 0;
		for (int i = 0; i < 3; i++) {
			if (strategy.shouldTrace(request(host, method, path))) {
				sampled++;
			}
		}
		assertThat(sampled).isEqualTo(sampledOfThree);
	}

	@Test
	void eachRuleHasItsOwnReservoir() {
		LocalSamplingRule a = new LocalSamplingRule("a", "*", "*", "/a", 2, 0.0);
		LocalSamplingRule b = new LocalSamplingRule("b", "*", "*", "/b", 3, 0.0);
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 1, 0.0),
				List.of(a, b), this.clock, NO_RANDOM);
		assertThat(count(strategy, "/a", 10)).isEqualTo(2);
		assertThat(count(strategy, "/b", 10)).isEqualTo(3);
		assertThat(count(strategy, "/c", 10)).isEqualTo(1);
	}

	@Test
	void reservoirGivesFixedTargetPerSecondAndResetsNextSecond() {
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 5, 0.0),
				List.of(), this.clock, NO_RANDOM);
		this.clock.setSeconds(1000.1);
		assertThat(count(strategy, "/", 20)).isEqualTo(5);
		this.clock.setSeconds(1000.9);
		assertThat(count(strategy, "/", 20)).isZero();
		this.clock.setSeconds(1001.0);
		assertThat(count(strategy, "/", 20)).isEqualTo(5);
		this.clock.setSeconds(1003.5);
		assertThat(count(strategy, "/", 3)).isEqualTo(3);
		assertThat(count(strategy, "/", 3)).isEqualTo(2);
	}

	@Test
	void rateUsesTheRandomSourceOnceTheReservoirIsEmpty() {
		double[] draws = { 0.1, 0.3, 0.24999, 0.25, 0.9, 0.0 };
		int[] next = { 0 };
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 1, 0.25),
				List.of(), this.clock, () -> draws[next[0]++]);
		List<Boolean> decisions = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			decisions.add(strategy.shouldTrace(request("h", "GET", "/")));
		}
		// The first request is the reservoir's (no draw); then sampled iff draw < rate.
		assertThat(decisions).containsExactly(true, true, false, true, false, false, true);
		assertThat(next[0]).isEqualTo(6);
	}

	@Test
	void defaultStrategySamplesFirstRequestEachSecondPlusFivePercent() {
		double[] draw = { 0.0 };
		LocalSamplingStrategy strategy = LocalSamplingStrategy.defaultStrategy().withSources(this.clock, () -> draw[0]);
		draw[0] = 0.99;
		assertThat(strategy.shouldTrace(request("h", "GET", "/"))).isTrue();
		assertThat(strategy.shouldTrace(request("h", "GET", "/"))).isFalse();
		draw[0] = 0.0499;
		assertThat(strategy.shouldTrace(request("h", "GET", "/"))).isTrue();
		draw[0] = 0.05;
		assertThat(strategy.shouldTrace(request("h", "GET", "/"))).isFalse();
		this.clock.advanceMillis(1000);
		draw[0] = 0.99;
		assertThat(strategy.shouldTrace(request("h", "GET", "/"))).isTrue();
	}

	@Test
	void seededRateIsStatisticallyClose() {
		Random random = new Random(99L);
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 0, 0.3),
				List.of(), this.clock, random::nextDouble);
		assertThat(count(strategy, "/", 100_000)).isBetween(29_000, 31_000);
	}

	@Test
	void rateZeroAndOneDoNotConsultTheRandomSource() {
		LocalSamplingStrategy never = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 0, 0.0),
				List.of(), this.clock, NO_RANDOM);
		LocalSamplingStrategy always = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 0, 1.0),
				List.of(), this.clock, NO_RANDOM);
		assertThat(count(never, "/", 100)).isZero();
		assertThat(count(always, "/", 100)).isEqualTo(100);
	}

	@Test
	void nullRequestAndNullFieldsAreTreatedAsEmpty() {
		LocalSamplingRule emptyPath = new LocalSamplingRule("empty", "*", "*", "", 0, 1.0);
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 0, 0.0),
				List.of(emptyPath), this.clock, NO_RANDOM);
		assertThat(strategy.shouldTrace(null)).isTrue();
		assertThat(strategy.shouldTrace(new SamplingRequest(null, null, null, null))).isTrue();
		assertThat(strategy.shouldTrace(request(null, null, "/x"))).isFalse();
	}

	@Test
	void neverThrowsEvenIfTheSuppliedSourcesFail() {
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 1, 0.5),
				List.of(), this.clock, () -> {
					throw new IllegalStateException("broken random");
				});
		assertThat(strategy.shouldTrace(request("h", "GET", "/"))).isTrue();
		assertThat(strategy.shouldTrace(request("h", "GET", "/"))).isFalse();
		long[] calls = { 0 };
		LocalSamplingStrategy brokenClock = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 1, 0.5),
				List.of(), () -> {
					if (calls[0]++ > 0) {
						throw new IllegalStateException("broken clock");
					}
					return 0L;
				}, () -> 0.0);
		assertThat(brokenClock.shouldTrace(request("h", "GET", "/"))).isFalse();
	}

	@Test
	void withSourcesStartsWithFreshReservoirs() {
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 1, 0.0),
				List.of(), this.clock, NO_RANDOM);
		assertThat(count(strategy, "/", 5)).isEqualTo(1);
		LocalSamplingStrategy copy = strategy.withSources(this.clock, NO_RANDOM);
		assertThat(copy.rules()).isEqualTo(strategy.rules());
		assertThat(copy.defaultRule()).isEqualTo(strategy.defaultRule());
		assertThat(count(copy, "/", 5)).isEqualTo(1);
	}

	@Test
	void concurrentThreadsGetExactlyFixedTargetWithinOneSecond() throws Exception {
		int threads = 8;
		int callsPerThread = 20_000;
		int fixedTarget = 137;
		LocalSamplingRule rule = new LocalSamplingRule("hot", "*", "*", "/hot", fixedTarget, 0.0);
		LocalSamplingStrategy strategy = LocalSamplingStrategy.create(LocalSamplingRule.matchingAll(null, 0, 0.0),
				List.of(rule), this.clock, NO_RANDOM);
		SamplingRequest request = request("h", "GET", "/hot");
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Integer>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(executor.submit(() -> {
					start.await();
					int sampled = 0;
					for (int i = 0; i < callsPerThread; i++) {
						if (strategy.shouldTrace(request)) {
							sampled++;
						}
					}
					return sampled;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> result : results) {
				total += result.get(60, TimeUnit.SECONDS);
			}
			assertThat(total).isEqualTo(fixedTarget);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void concurrentThreadsAcrossSecondsGetExactlyFixedTargetPerSecond() throws Exception {
		// Each thread moves through seconds in lock-step with the others (a barrier per
		// second), so every second
		// sees contention on a fresh reservoir.
		int threads = 4;
		int seconds = 20;
		int fixedTarget = 10;
		LocalSamplingStrategy strategy = LocalSamplingStrategy
			.create(LocalSamplingRule.matchingAll(null, fixedTarget, 0.0), List.of(), this.clock, NO_RANDOM);
		CyclicBarrier barrier = new CyclicBarrier(threads, () -> this.clock.advanceMillis(1000));
		int[][] perSecond = new int[threads][seconds];
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				results.add(executor.submit(() -> {
					for (int s = 0; s < seconds; s++) {
						for (int i = 0; i < 500; i++) {
							if (strategy.shouldTrace(request("h", "GET", "/"))) {
								perSecond[thread][s]++;
							}
						}
						barrier.await(30, TimeUnit.SECONDS);
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		for (int s = 0; s < seconds; s++) {
			int total = 0;
			for (int t = 0; t < threads; t++) {
				total += perSecond[t][s];
			}
			assertThat(total).as("second %d", s).isEqualTo(fixedTarget);
		}
	}

	private static int count(SamplingStrategy strategy, String path, int requests) {
		int sampled = 0;
		for (int i = 0; i < requests; i++) {
			if (strategy.shouldTrace(request("h", "GET", path))) {
				sampled++;
			}
		}
		return sampled;
	}

	private static SamplingRequest request(String host, String method, String path) {
		return new SamplingRequest(host, method, path, "service");
	}

	private static LocalSamplingStrategy load(String name) throws IOException {
		try (InputStream in = LocalSamplingStrategyTests.class.getResourceAsStream("/sampling/" + name)) {
			return LocalSamplingStrategy.fromJson(in);
		}
	}

}
