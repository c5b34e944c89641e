package org.xrayspring.console.sampling;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The console's sampling rules and the state behind GetSamplingTargets: per rule, the clients that reported
 * recently (the reservoir is shared among them, as the service does) and running totals of the statistics they
 * reported. Bounded: at most {@value #MAX_CLIENTS} clients are tracked per rule. Thread-safe.
 *
 * @author xray-spring-boot
 */
public final class SamplingRules {

	/** Seconds between target reports that the console asks clients for. */
	public static final int INTERVAL_SECONDS = 10;

	/** Maximum number of clients tracked per rule; further clients are counted as dropped. */
	public static final int MAX_CLIENTS = 1000;

	private static final long CLIENT_EXPIRY_SECONDS = 3 * INTERVAL_SECONDS;

	private final List<SamplingRule> rules;

	private final Instant modifiedAt;

	private final Clock clock;

	private final Map<String, RuleState> states = new HashMap<>();

	/**
	 * Create the rule set.
	 * @param configured configured rules; a rule named {@code Default} replaces the default rule
	 * @param defaultRule the default rule used when none named {@code Default} is configured
	 * @param clock the clock
	 */
	public SamplingRules(List<SamplingRule> configured, SamplingRule defaultRule, Clock clock) {
		Map<String, SamplingRule> byName = new LinkedHashMap<>();
		for (SamplingRule rule : configured) {
			if (byName.putIfAbsent(rule.ruleName(), rule) != null) {
				throw new IllegalArgumentException("Duplicate sampling rule name '" + rule.ruleName() + "'");
			}
		}
		byName.putIfAbsent(SamplingRule.DEFAULT_RULE_NAME, defaultRule);
		List<SamplingRule> sorted = new ArrayList<>(byName.values());
		sorted.sort(Comparator.comparingInt(SamplingRule::priority).thenComparing(SamplingRule::ruleName));
		this.rules = List.copyOf(sorted);
		this.clock = clock;
		this.modifiedAt = clock.instant();
		this.rules.forEach((rule) -> this.states.put(rule.ruleName(), new RuleState()));
	}

	/**
	 * Return the rules by priority, {@code Default} last.
	 * @return the rules
	 */
	public List<SamplingRule> getRules() {
		return this.rules;
	}

	/**
	 * Return when the rules were last modified (the console's start).
	 * @return the instant
	 */
	public Instant getModifiedAt() {
		return this.modifiedAt;
	}

	/**
	 * Return a rule by name.
	 * @param name the rule name
	 * @return the rule or {@code null}
	 */
	public @Nullable SamplingRule getRule(String name) {
		return this.rules.stream().filter((rule) -> rule.ruleName().equals(name)).findFirst().orElse(null);
	}

	/**
	 * Record one client's statistics for a rule and compute its target.
	 * @param statistics the reported statistics
	 * @return the target, or {@code null} if the rule does not exist
	 */
	public synchronized @Nullable Target report(Statistics statistics) {
		SamplingRule rule = getRule(statistics.ruleName());
		RuleState state = this.states.get(statistics.ruleName());
		if (rule == null || state == null) {
			return null;
		}
		Instant now = this.clock.instant();
		state.clients.values().removeIf((seen) -> seen.plusSeconds(CLIENT_EXPIRY_SECONDS).isBefore(now));
		if (state.clients.containsKey(statistics.clientId()) || state.clients.size() < MAX_CLIENTS) {
			state.clients.put(statistics.clientId(), now);
		}
		else {
			state.droppedClients++;
		}
		state.requests += statistics.requestCount();
		state.sampled += statistics.sampledCount();
		state.borrowed += statistics.borrowCount();
		state.reports++;
		int clients = Math.max(1, state.clients.size());
		int quota = rule.reservoirSize() / clients;
		if (quota == 0 && rule.reservoirSize() > 0 && isFirst(state, statistics.clientId())) {
			// More clients than reservoir slots: give the remainder to the first client rather than to nobody.
			quota = 1;
		}
		return new Target(rule.ruleName(), rule.fixedRate(), quota, now.plusSeconds(5L * 60), INTERVAL_SECONDS);
	}

	private static boolean isFirst(RuleState state, String clientId) {
		return state.clients.keySet().stream().sorted().findFirst().map(clientId::equals).orElse(false);
	}

	/**
	 * Return the statistics totals reported for each rule.
	 * @return totals by rule name, in rule order
	 */
	public synchronized Map<String, Totals> getTotals() {
		Map<String, Totals> totals = new LinkedHashMap<>();
		for (SamplingRule rule : this.rules) {
			RuleState state = this.states.get(rule.ruleName());
			totals.put(rule.ruleName(), new Totals(state.requests, state.sampled, state.borrowed, state.reports,
					state.clients.size(), state.droppedClients));
		}
		return totals;
	}

	/**
	 * One {@code SamplingStatisticsDocument}.
	 *
	 * @param ruleName the rule name
	 * @param clientId the client id (24 hex digits)
	 * @param requestCount requests matched
	 * @param sampledCount requests sampled
	 * @param borrowCount requests sampled by borrowing
	 */
	public record Statistics(String ruleName, String clientId, long requestCount, long sampledCount,
			long borrowCount) {
	}

	/**
	 * One {@code SamplingTargetDocument}.
	 *
	 * @param ruleName the rule name
	 * @param fixedRate the fixed rate
	 * @param reservoirQuota requests per second the client may sample
	 * @param reservoirQuotaTtl until when the quota is valid
	 * @param interval seconds until the next report
	 */
	public record Target(String ruleName, double fixedRate, int reservoirQuota, Instant reservoirQuotaTtl,
			int interval) {
	}

	/**
	 * Totals of the statistics reported for a rule.
	 *
	 * @param requests requests matched
	 * @param sampled requests sampled
	 * @param borrowed requests sampled by borrowing
	 * @param reports statistics documents received
	 * @param activeClients clients that reported recently
	 * @param droppedClients clients not tracked because the maximum were tracked already
	 */
	public record Totals(long requests, long sampled, long borrowed, long reports, int activeClients,
			long droppedClients) {
	}

	private static final class RuleState {

		private final Map<String, Instant> clients = new LinkedHashMap<>();

		private long requests;

		private long sampled;

		private long borrowed;

		private long reports;

		private long droppedClients;

	}

}
