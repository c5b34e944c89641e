package org.xrayspring.recorder.sampling;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.xrayspring.recorder.sampling.ScriptedSamplingServer.Answer;
import org.xrayspring.recorder.testing.LoggedWarnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.rule;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.rules;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.target;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.targets;
import static org.xrayspring.recorder.sampling.CentralizedSamplingFixtures.wallSeconds;

/**
 * The poller of {@link CentralizedSamplingStrategy} against a scripted sampling API on
 * loopback: the requests it sends, paging, deleted rules, failures of every kind, and
 * that polling never reaches a request thread.
 */
class CentralizedSamplingPollerTests {

	private static final String GET_RULES = "/GetSamplingRules";

	private static final String TARGETS = "/SamplingTargets";

	private static final SamplingRequest ANY = new SamplingRequest("h", "GET", "/", "svc");

	private final TestClock clock = TestClock.atSeconds(1000.0);

	private final ScriptedSamplingServer server;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	CentralizedSamplingPollerTests() throws IOException {
		this.server = new ScriptedSamplingServer();
	}

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.server.close();
	}

	private CentralizedSamplingStrategy strategy(String endpoint) {
		// generous timeouts: the machine may be busy; only the slow-answer test needs a
		// short one
		return strategy(endpoint, Duration.ofSeconds(20));
	}

	private CentralizedSamplingStrategy strategy(String endpoint, Duration readTimeout) {
		CentralizedSamplingStrategy strategy = CentralizedSamplingStrategy.builder(endpoint)
			.fallback(SamplingStrategy.never())
			.sources(this.clock, CentralizedSamplingFixtures.wallClock(this.clock), () -> 0.0)
			.timeouts(Duration.ofSeconds(20), readTimeout)
			.build();
		this.closeables.add(strategy);
		return strategy;
	}

	private CentralizedSamplingStrategy strategy() {
		return strategy(this.server.endpoint());
	}

	@Test
	void rulesRequestIsAnUnsignedJsonPostToGetSamplingRules() {
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 1))));
		CentralizedSamplingStrategy strategy = strategy();
		assertThat(strategy.pollRules()).isTrue();
		ScriptedSamplingServer.Request request = this.server.requests(GET_RULES).get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.contentType()).isEqualTo("application/json");
		assertThat(request.json()).isEmpty();
		assertThat(strategy.counters()).containsExactly(Map.entry("sampling.rules.fetches", 1L),
				Map.entry("sampling.targets.fetches", 0L), Map.entry("sampling.failures", 0L),
				Map.entry("sampling.rules.active", 1L));
	}

	@Test
	void anEmptyRuleListLeavesDecisionsToTheLocalRules() {
		this.server.then(GET_RULES, Answer.json("{\"SamplingRuleRecords\": []}"));
		CentralizedSamplingStrategy strategy = strategy();
		assertThat(strategy.pollRules()).isTrue();
		assertThat(strategy.counters()).containsEntry("sampling.rules.active", 0L);
		assertThat(strategy.decide(ANY, "")).isSameAs(SamplingOutcome.NOT_SAMPLED);
		// nothing had requests: no targets call
		strategy.pollTargets();
		assertThat(this.server.requests(TARGETS)).isEmpty();
	}

	@Test
	void pagesAreFollowedByNextToken() {
		this.server.then(GET_RULES, Answer.json(rules("page-2", rule("api", 1, 1.0, 0, "*", "*", "*", "*", "/api"))),
				Answer.json(rules(null, rule("Default", 10000, 0.0, 0))));
		CentralizedSamplingStrategy strategy = strategy();
		assertThat(strategy.pollRules()).isTrue();
		List<ScriptedSamplingServer.Request> requests = this.server.requests(GET_RULES);
		assertThat(requests).hasSize(2);
		assertThat(requests.get(1).json()).containsEntry("NextToken", "page-2");
		assertThat(strategy.decide(new SamplingRequest("h", "GET", "/api", "svc"), "").ruleName()).isEqualTo("api");
		assertThat(strategy.counters()).containsEntry("sampling.rules.active", 2L);
	}

	@Test
	void aServerRepeatingItsNextTokenCannotLoopThePoller() {
		this.server.always(GET_RULES, Answer.json(rules("same", rule("Default", 10000, 1.0, 0))));
		assertThat(strategy().pollRules()).isTrue();
		assertThat(this.server.requests(GET_RULES)).hasSize(2);
	}

	@Test
	void aFailedPageKeepsTheRulesFetchedBefore() {
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 0))),
				Answer.json(rules("page-2", rule("x", 1, 1.0, 0))), Answer.status(500));
		CentralizedSamplingStrategy strategy = strategy();
		assertThat(strategy.pollRules()).isTrue();
		assertThat(strategy.pollRules()).isFalse();
		assertThat(strategy.decide(ANY, "").ruleName()).isEqualTo("Default");
		assertThat(strategy.counters()).containsEntry("sampling.failures", 1L)
			.containsEntry("sampling.rules.active", 1L);
	}

	@Test
	void aDeletedRuleNoLongerDecidesAndItsTargetsAreIgnored() {
		this.server.then(GET_RULES, Answer
			.json(rules(null, rule("api", 1, 1.0, 0, "*", "*", "*", "*", "/api"), rule("Default", 10000, 0.0, 0))),
				Answer.json(rules(null, rule("Default", 10000, 0.0, 0))));
		CentralizedSamplingStrategy strategy = strategy();
		strategy.pollRules();
		SamplingRequest api = new SamplingRequest("h", "GET", "/api", "svc");
		assertThat(strategy.decide(api, "").ruleName()).isEqualTo("api");
		strategy.pollRules();
		assertThat(strategy.decide(api, "").sampled()).isFalse();
		// a late target for the deleted rule changes nothing
		this.server.then(TARGETS, Answer.json(targets(0, target("api", 1.0, 100, wallSeconds(this.clock) + 60, 10))));
		strategy.pollTargets();
		assertThat(strategy.decide(api, "").sampled()).isFalse();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> reported = (List<Map<String, Object>>) this.server.requests(TARGETS)
			.get(0)
			.json()
			.get("SamplingStatisticsDocuments");
		assertThat(reported).extracting((document) -> document.get("RuleName")).containsExactly("Default");
	}

	@Test
	void statisticsDocumentsCarryTheClientIdTimestampAndCountsAndAreResetAfterEachReport() {
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 0))));
		this.server.always(TARGETS, Answer.json(targets(0)));
		CentralizedSamplingStrategy strategy = strategy();
		strategy.pollRules();
		strategy.decide(ANY, "");
		strategy.decide(ANY, "");
		strategy.pollTargets();
		Map<String, Object> body = this.server.requests(TARGETS).get(0).json();
		assertThat(body).containsOnlyKeys("SamplingStatisticsDocuments");
		@SuppressWarnings("unchecked")
		Map<String, Object> document = ((List<Map<String, Object>>) body.get("SamplingStatisticsDocuments")).get(0);
		assertThat(document).containsEntry("RuleName", "Default")
			.containsEntry("ClientID", strategy.getClientId())
			.containsEntry("Timestamp", 1_700_001_000L)
			.containsEntry("RequestCount", 2L)
			.containsEntry("SampledCount", 2L)
			.containsEntry("BorrowCount", 0L);
		assertThat(strategy.getClientId()).matches("[0-9a-f]{24}");
		assertThat(strategy(this.server.endpoint()).getClientId()).isNotEqualTo(strategy.getClientId());
		strategy.pollTargets();
		assertThat(this.server.requests(TARGETS)).hasSize(1);
		assertThat(strategy.counters()).containsEntry("sampling.targets.fetches", 1L);
	}

	@Test
	void atMost25StatisticsDocumentsGoInOneCall() {
		String[] records = new String[30];
		for (int i = 0; i < records.length; i++) {
			records[i] = rule("rule-" + i, i + 1, 1.0, 0, "svc-" + i, "*", "*", "*", "*");
		}
		this.server.then(GET_RULES, Answer.json(rules(null, records)));
		this.server.always(TARGETS, Answer.json(targets(0)));
		CentralizedSamplingStrategy strategy = strategy();
		strategy.pollRules();
		for (int i = 0; i < records.length; i++) {
			assertThat(strategy.decide(new SamplingRequest("h", "GET", "/", "svc-" + i), "").ruleName())
				.isEqualTo("rule-" + i);
		}
		strategy.pollTargets();
		assertThat(strategy.counters()).containsEntry("sampling.failures", 0L);
		assertThat(this.server.requests(TARGETS))
			.extracting((request) -> ((List<?>) request.json().get("SamplingStatisticsDocuments")).size())
			.containsExactly(25, 5);
	}

	@Test
	void aRuleModifiedAfterTheLastRulesFetchIsFetchedAtOnce() {
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 0.0, 0))),
				Answer.json(rules(null, rule("Default", 10000, 1.0, 0))));
		CentralizedSamplingStrategy strategy = strategy();
		strategy.pollRules();
		strategy.decide(ANY, "");
		// not newer than the fetch: no rules call
		this.server.then(TARGETS, Answer.json(targets(wallSeconds(this.clock) - 1)));
		assertThat(strategy.pollTargets().rulesRefreshed()).isFalse();
		assertThat(this.server.requests(GET_RULES)).hasSize(1);
		strategy.decide(ANY, "");
		this.server.then(TARGETS, Answer.json(targets(wallSeconds(this.clock) + 1)));
		assertThat(strategy.pollTargets().rulesRefreshed()).isTrue();
		assertThat(this.server.requests(GET_RULES)).hasSize(2);
		assertThat(strategy.decide(ANY, "").ruleName()).isEqualTo("Default");
	}

	@Test
	void theTargetsIntervalIsTheShorterOfTheConfiguredOneAndTheServicesInterval() {
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 0))));
		CentralizedSamplingStrategy strategy = strategy();
		strategy.pollRules();
		double ttl = wallSeconds(this.clock) + 60;
		strategy.decide(ANY, "");
		this.server.then(TARGETS, Answer.json(targets(0, target("Default", 1.0, 1, ttl, 4))));
		assertThat(strategy.pollTargets().waitNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(4));
		strategy.decide(ANY, "");
		this.server.then(TARGETS, Answer.json(targets(0, target("Default", 1.0, 1, ttl, 30))));
		assertThat(strategy.pollTargets().waitNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(10));
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 403, 404, 429, 500, 502, 503 })
	void anErrorStatusIsAFailureThatIsCountedAndLogged(int status) {
		this.server.then(GET_RULES, Answer.status(status));
		CentralizedSamplingStrategy strategy = strategy();
		try (LoggedWarnings warnings = LoggedWarnings.of(CentralizedSamplingStrategy.class)) {
			assertThat(strategy.pollRules()).isFalse();
			assertThat(strategy.counters()).containsEntry("sampling.failures", 1L)
				.containsEntry("sampling.rules.fetches", 0L);
			assertThat(strategy.decide(ANY, "")).isSameAs(SamplingOutcome.NOT_SAMPLED);
		}
	}

	@Test
	void failuresAreLoggedAtMostOnceAMinute() {
		this.server.always(GET_RULES, Answer.status(500));
		// a fresh class logger per test run cannot be had; count what this strategy adds
		try (LoggedWarnings warnings = LoggedWarnings.of(CentralizedSamplingStrategy.class)) {
			CentralizedSamplingStrategy strategy = strategy();
			for (int i = 0; i < 5; i++) {
				strategy.pollRules();
			}
			assertThat(strategy.counters()).containsEntry("sampling.failures", 5L);
			assertThat(warnings.messages()).hasSizeLessThanOrEqualTo(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "not json", "[]", "{\"SamplingRuleRecords\": [1,}", "{\"a\":1,\"a\":2}" })
	void malformedJsonIsAFailure(String body) {
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 0))), Answer.json(body));
		CentralizedSamplingStrategy strategy = strategy();
		strategy.pollRules();
		assertThat(strategy.pollRules()).isFalse();
		assertThat(strategy.counters()).containsEntry("sampling.failures", 1L);
		assertThat(strategy.decide(ANY, "").ruleName()).isEqualTo("Default");
	}

	@Test
	void malformedTargetsAreAFailureAndKeepTheRules() {
		this.server.then(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 0))));
		this.server.then(TARGETS, Answer.json("{\"SamplingTargetDocuments\": "));
		CentralizedSamplingStrategy strategy = strategy();
		strategy.pollRules();
		strategy.decide(ANY, "");
		strategy.pollTargets();
		assertThat(strategy.counters()).containsEntry("sampling.failures", 1L)
			.containsEntry("sampling.rules.active", 1L);
	}

	@Test
	void aSlowAnswerTimesOutAsAFailure() {
		// the answer would come after 60 s (or when the server closes); the read timeout
		// is 1 s
		this.server.then(GET_RULES, Answer.slow(rules(null, rule("Default", 10000, 1.0, 0)), 60_000));
		CentralizedSamplingStrategy strategy = strategy(this.server.endpoint(), Duration.ofSeconds(1));
		assertThat(strategy.pollRules()).isFalse();
		assertThat(strategy.counters()).containsEntry("sampling.failures", 1L);
	}

	@Test
	void aConnectionClosedWithoutAnswerIsAFailure() throws IOException {
		try (ServerSocket closing = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				while (!closing.isClosed()) {
					try (Socket socket = closing.accept()) {
						socket.getInputStream().read();
					}
					catch (IOException ex) {
						return;
					}
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			CentralizedSamplingStrategy strategy = strategy("http://127.0.0.1:" + closing.getLocalPort());
			assertThat(strategy.pollRules()).isFalse();
			assertThat(strategy.counters()).containsEntry("sampling.failures", 1L);
		}
	}

	@Test
	void aRefusedConnectionIsAFailure() throws IOException {
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		CentralizedSamplingStrategy strategy = strategy("http://127.0.0.1:" + port);
		assertThat(strategy.pollRules()).isFalse();
		assertThat(strategy.counters()).containsEntry("sampling.failures", 1L);
	}

	@Test
	void anOversizedAnswerIsAFailure() {
		this.server.then(GET_RULES,
				Answer.json("{\"x\": \"" + "a".repeat(SamplingApiClient.MAX_RESPONSE_BYTES) + "\"}"));
		assertThat(strategy().pollRules()).isFalse();
	}

	@Test
	void theEndpointMustBeAnHttpUrl() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> CentralizedSamplingStrategy.builder("127.0.0.1:2000").build())
			.withMessageContaining("http://");
	}

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void pollingRunsOnItsOwnDaemonThreadAndDecisionsNeverWaitForAHangingServer() {
		this.server.always(GET_RULES, Answer.hanging());
		CentralizedSamplingStrategy strategy = CentralizedSamplingStrategy.builder(this.server.endpoint())
			.fallback(SamplingStrategy.always())
			.timeouts(Duration.ofSeconds(30), Duration.ofSeconds(30))
			.build();
		this.closeables.add(strategy);
		strategy.start();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.server.requests(GET_RULES).size() == 1);
		Thread poller = pollerThread();
		assertThat(poller.isDaemon()).isTrue();
		// the poller is stuck reading; every decision is made at once by the local rules
		int sampled = 0;
		for (int i = 0; i < 10_000; i++) {
			SamplingOutcome outcome = strategy.decide(ANY, "");
			sampled += outcome.sampled() ? 1 : 0;
			assertThat(outcome.ruleName()).isNull();
		}
		assertThat(sampled).isEqualTo(10_000);
		assertThat(this.server.requests()).hasSize(1);
		strategy.close();
		this.server.close();
		await().atMost(Duration.ofSeconds(40)).until(() -> !poller.isAlive());
	}

	@Test
	void theStartedPollerFetchesRulesAndTargetsByItselfAndStopsWhenClosed() {
		this.server.always(GET_RULES, Answer.json(rules(null, rule("Default", 10000, 1.0, 0))));
		this.server.always(TARGETS, Answer.json(targets(0)));
		CentralizedSamplingStrategy strategy = CentralizedSamplingStrategy.builder(this.server.endpoint())
			.fallback(SamplingStrategy.never())
			.targetsInterval(Duration.ofMillis(200))
			.build();
		this.closeables.add(strategy);
		assertThat(strategy.start()).isSameAs(strategy.start());
		await().atMost(Duration.ofSeconds(20)).until(() -> strategy.decide(ANY, "").sampled());
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.server.requests(TARGETS).isEmpty());
		assertThat(this.server.requests(GET_RULES)).hasSize(1);
		Thread poller = pollerThread();
		strategy.close();
		await().atMost(Duration.ofSeconds(20)).until(() -> !poller.isAlive());
		int calls = this.server.requests().size();
		strategy.decide(ANY, "");
		assertThat(this.server.requests()).hasSize(calls);
	}

	private static Thread pollerThread() {
		List<Thread> pollers = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(CentralizedSamplingStrategy.THREAD_NAME) && thread.isAlive())
			.toList();
		assertThat(pollers).hasSize(1);
		return pollers.get(0);
	}

}
