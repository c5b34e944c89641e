package org.xrayspring.console.sampling;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The console's sampling rules and the state behind GetSamplingTargets. The rules start
 * as configured (with a {@code Default} rule always present) and change through
 * {@link #create}, {@link #update} and {@link #delete} under the X-Ray service's
 * constraints: at most {@value #MAX_RULES} rules, unique names, the {@code Default} rule
 * never deleted and only its rate and reservoir changed. Per rule it tracks the clients
 * that reported recently (the reservoir is shared among them, as the service does),
 * running totals of what they reported and, in {@link #getStatistics()}, the recent
 * reporting windows. Bounded: at most {@value #MAX_CLIENTS} clients are tracked per rule.
 * Thread-safe: readers see a consistent snapshot of the rules.
 *
 * @author xray-spring-boot
 */
public final class SamplingRules {

	/** Seconds between target reports that the console asks clients for. */
	public static final int INTERVAL_SECONDS = 10;

	/**
	 * Maximum number of clients tracked per rule; further clients are counted as dropped.
	 */
	public static final int MAX_CLIENTS = 1000;

	/**
	 * Maximum number of rules, {@code Default} included (the X-Ray service's quota per
	 * region).
	 */
	public static final int MAX_RULES = 25;

	/** Prefix of the ARNs the console gives its rules; the rule name follows. */
	public static final String RULE_ARN_PREFIX = "arn:aws:xray:local:000000000000:sampling-rule/";

	private static final Pattern RULE_ARN = Pattern.compile("arn:[^:]*:xray:[^:]*:[^:]*:sampling-rule/(.+)");

	private static final long CLIENT_EXPIRY_SECONDS = 3 * INTERVAL_SECONDS;

	private final Clock clock;

	private final SamplingStatistics statistics;

	private final Map<String, RuleState> states = new HashMap<>();

	private volatile Snapshot snapshot;

	/**
	 * Create the rule set.
	 * @param configured configured rules; a rule named {@code Default} replaces the
	 * default rule
	 * @param defaultRule the default rule used when none named {@code Default} is
	 * configured
	 * @param clock the clock
	 * @throws IllegalArgumentException if two rules have the same name, there are more
	 * than {@value #MAX_RULES} or one breaks the service's constraints
	 */
	public SamplingRules(List<ServedSamplingRule> configured, ServedSamplingRule defaultRule, Clock clock) {
		this.clock = clock;
		Instant now = clock.instant();
		Map<String, SamplingRuleRecord> byName = new LinkedHashMap<>();
		for (ServedSamplingRule rule : configured) {
			if (!rule.ruleName().equals(ServedSamplingRule.DEFAULT_RULE_NAME)) {
				checkConfigured(rule);
			}
			if (byName.putIfAbsent(rule.ruleName(), record(rule, now, now)) != null) {
				throw new IllegalArgumentException("Duplicate sampling rule name '" + rule.ruleName() + "'");
			}
		}
		byName.putIfAbsent(ServedSamplingRule.DEFAULT_RULE_NAME, record(defaultRule, now, now));
		if (byName.size() > MAX_RULES) {
			throw new IllegalArgumentException("At most " + MAX_RULES + " sampling rules (Default included) but "
					+ byName.size() + " are configured");
		}
		this.statistics = new SamplingStatistics(clock, MAX_RULES);
		this.snapshot = new Snapshot(sorted(byName.values()), now);
		byName.keySet().forEach((name) -> this.states.put(name, new RuleState()));
	}

	private static void checkConfigured(ServedSamplingRule rule) {
		try {
			SamplingRuleConstraints.checkCreate(SamplingRuleRequest.of(rule));
		}
		catch (SamplingRuleException ex) {
			throw new IllegalArgumentException("Sampling rule '" + rule.ruleName() + "': " + ex.getMessage());
		}
	}

	/**
	 * Return the rules by priority, {@code Default} last.
	 * @return the rules
	 */
	public List<ServedSamplingRule> getRules() {
		return this.snapshot.rules();
	}

	/**
	 * Return the rules with their creation and modification times, by priority,
	 * {@code Default} last.
	 * @return the rule records
	 */
	public List<SamplingRuleRecord> getRecords() {
		return this.snapshot.records();
	}

	/**
	 * Return when the rules were last changed (at first, the console's start):
	 * GetSamplingTargets' {@code LastRuleModification}.
	 * @return the instant
	 */
	public Instant getModifiedAt() {
		return this.snapshot.modifiedAt();
	}

	/**
	 * Return a rule by name.
	 * @param name the rule name
	 * @return the rule or {@code null}
	 */
	public @Nullable ServedSamplingRule getRule(String name) {
		SamplingRuleRecord record = find(this.snapshot, name);
		return (record != null) ? record.rule() : null;
	}

	/**
	 * Return the statistics clients reported, by reporting window.
	 * @return the statistics
	 */
	public SamplingStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Create a rule (CreateSamplingRule).
	 * @param request the rule's fields: all required but the ARN and attributes;
	 * {@code version} 1
	 * @return the new rule's record
	 * @throws SamplingRuleException if a field is invalid, the name is taken or there are
	 * {@value #MAX_RULES} rules
	 */
	public synchronized SamplingRuleRecord create(SamplingRuleRequest request) {
		SamplingRuleConstraints.checkCreate(request);
		String name = request.ruleName();
		if (name == null) {
			name = nameFromArn(request.ruleArn());
			if (name == null) {
				throw SamplingRuleException.invalidRequest("1 validation error detected: Value null at "
						+ "'samplingRule.ruleName' failed to satisfy constraint: Member must not be null");
			}
		}
		else if (request.ruleArn() != null && !name.equals(nameFromArn(request.ruleArn()))) {
			throw SamplingRuleException.invalidRequest("RuleName and RuleARN name different rules");
		}
		Snapshot current = this.snapshot;
		if (find(current, name) != null) {
			throw SamplingRuleException.invalidRequest("A sampling rule named '" + name + "' already exists");
		}
		if (current.records().size() >= MAX_RULES) {
			throw new SamplingRuleException(SamplingRuleException.RULE_LIMIT_EXCEEDED,
					"You have reached the maximum number of sampling rules (" + MAX_RULES + ", Default included)");
		}
		ServedSamplingRule rule = new ServedSamplingRule(name, required(request.priority()),
				required(request.fixedRate()), required(request.reservoirSize()), required(request.serviceName()),
				required(request.serviceType()), required(request.host()), required(request.httpMethod()),
				required(request.urlPath()), required(request.resourceArn()),
				(request.attributes() != null) ? request.attributes() : Map.of());
		Instant now = this.clock.instant();
		SamplingRuleRecord record = record(rule, now, now);
		List<SamplingRuleRecord> records = new ArrayList<>(current.records());
		records.add(record);
		this.states.put(name, new RuleState());
		this.snapshot = new Snapshot(sorted(records), now);
		return record;
	}

	/**
	 * Change the fields of a rule that the request carries (UpdateSamplingRule).
	 * @param request the rule's name or ARN and the fields to change
	 * @return the changed rule's record
	 * @throws SamplingRuleException if a field is invalid, the rule does not exist or a
	 * field of {@code Default} other than its rate or reservoir would change
	 */
	public synchronized SamplingRuleRecord update(SamplingRuleRequest request) {
		SamplingRuleConstraints.checkUpdate(request);
		Snapshot current = this.snapshot;
		SamplingRuleRecord existing = existing(current, request.ruleName(), request.ruleArn());
		ServedSamplingRule old = existing.rule();
		ServedSamplingRule rule = new ServedSamplingRule(old.ruleName(), or(request.priority(), old.priority()),
				or(request.fixedRate(), old.fixedRate()), or(request.reservoirSize(), old.reservoirSize()),
				or(request.serviceName(), old.serviceName()), or(request.serviceType(), old.serviceType()),
				or(request.host(), old.host()), or(request.httpMethod(), old.httpMethod()),
				or(request.urlPath(), old.urlPath()), or(request.resourceArn(), old.resourceArn()),
				or(request.attributes(), old.attributes()));
		if (old.ruleName().equals(ServedSamplingRule.DEFAULT_RULE_NAME)
				&& !rule.equals(new ServedSamplingRule(old.ruleName(), old.priority(), rule.fixedRate(),
						rule.reservoirSize(), old.serviceName(), old.serviceType(), old.host(), old.httpMethod(),
						old.urlPath(), old.resourceArn(), old.attributes()))) {
			throw SamplingRuleException
				.invalidRequest("Only FixedRate and ReservoirSize of the Default rule can be changed");
		}
		Instant now = this.clock.instant();
		SamplingRuleRecord record = new SamplingRuleRecord(rule, existing.ruleArn(), existing.createdAt(), now);
		List<SamplingRuleRecord> records = new ArrayList<>(current.records());
		records.set(records.indexOf(existing), record);
		this.snapshot = new Snapshot(sorted(records), now);
		return record;
	}

	/**
	 * Delete a rule (DeleteSamplingRule).
	 * @param ruleName the rule's name, or {@code null} if given by ARN
	 * @param ruleArn the rule's ARN, or {@code null} if given by name
	 * @return the deleted rule's record
	 * @throws SamplingRuleException if the rule does not exist or is {@code Default}
	 */
	public synchronized SamplingRuleRecord delete(@Nullable String ruleName, @Nullable String ruleArn) {
		Snapshot current = this.snapshot;
		SamplingRuleRecord existing = existing(current, ruleName, ruleArn);
		if (existing.rule().ruleName().equals(ServedSamplingRule.DEFAULT_RULE_NAME)) {
			throw SamplingRuleException.invalidRequest("The Default rule cannot be deleted");
		}
		List<SamplingRuleRecord> records = new ArrayList<>(current.records());
		records.remove(existing);
		this.states.remove(existing.rule().ruleName());
		this.statistics.remove(existing.rule().ruleName());
		this.snapshot = new Snapshot(List.copyOf(records), this.clock.instant());
		return existing;
	}

	private static SamplingRuleRecord existing(Snapshot snapshot, @Nullable String ruleName, @Nullable String ruleArn) {
		if (ruleName == null && ruleArn == null) {
			throw SamplingRuleException.invalidRequest("Specify the sampling rule by RuleName or RuleARN");
		}
		String arnName = nameFromArn(ruleArn);
		if (ruleArn != null && arnName == null) {
			throw SamplingRuleException.invalidRequest("RuleARN is not a sampling rule ARN");
		}
		if (ruleName != null && arnName != null && !ruleName.equals(arnName)) {
			throw SamplingRuleException.invalidRequest("RuleName and RuleARN name different rules");
		}
		String name = (ruleName != null) ? ruleName : Objects.requireNonNull(arnName);
		SamplingRuleRecord record = find(snapshot, name);
		if (record == null) {
			throw SamplingRuleException.invalidRequest("Sampling rule does not exist: no rule named '"
					+ ((name.length() <= SamplingRuleConstraints.MAX_RULE_NAME) ? name : "(too long)") + "'");
		}
		return record;
	}

	private static @Nullable String nameFromArn(@Nullable String ruleArn) {
		if (ruleArn == null || ruleArn.length() > 1024) {
			return null;
		}
		Matcher matcher = RULE_ARN.matcher(ruleArn);
		return matcher.matches() ? matcher.group(1) : null;
	}

	private static @Nullable SamplingRuleRecord find(Snapshot snapshot, String name) {
		for (SamplingRuleRecord record : snapshot.records()) {
			if (record.rule().ruleName().equals(name)) {
				return record;
			}
		}
		return null;
	}

	private static <T> T required(@Nullable T value) {
		return Objects.requireNonNull(value, "checked by SamplingRuleConstraints");
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private static SamplingRuleRecord record(ServedSamplingRule rule, Instant createdAt, Instant modifiedAt) {
		return new SamplingRuleRecord(rule, RULE_ARN_PREFIX + rule.ruleName(), createdAt, modifiedAt);
	}

	private static List<SamplingRuleRecord> sorted(Collection<SamplingRuleRecord> records) {
		List<SamplingRuleRecord> sorted = new ArrayList<>(records);
		sorted.sort(Comparator.comparingInt((SamplingRuleRecord record) -> record.rule().priority())
			.thenComparing((record) -> record.rule().ruleName()));
		return List.copyOf(sorted);
	}

	/**
	 * Record one client's statistics for a rule and compute its target.
	 * @param statistics the reported statistics
	 * @return the target, or {@code null} if the rule does not exist
	 */
	public synchronized @Nullable Target report(Statistics statistics) {
		ServedSamplingRule rule = getRule(statistics.ruleName());
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
		state.requests = saturatedAdd(state.requests, statistics.requestCount());
		state.sampled = saturatedAdd(state.sampled, statistics.sampledCount());
		state.borrowed = saturatedAdd(state.borrowed, statistics.borrowCount());
		state.reports++;
		this.statistics.record(rule.ruleName(), statistics.clientId(), statistics.requestCount(),
				statistics.sampledCount(), statistics.borrowCount());
		int clients = Math.max(1, state.clients.size());
		int quota = rule.reservoirSize() / clients;
		if (quota == 0 && rule.reservoirSize() > 0 && isFirst(state, statistics.clientId())) {
			// More clients than reservoir slots: give the remainder to the first client
			// rather than to nobody.
			quota = 1;
		}
		return new Target(rule.ruleName(), rule.fixedRate(), quota, now.plusSeconds(5L * 60), INTERVAL_SECONDS);
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
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
		for (ServedSamplingRule rule : getRules()) {
			RuleState state = this.states.get(rule.ruleName());
			if (state != null) {
				totals.put(rule.ruleName(), new Totals(state.requests, state.sampled, state.borrowed, state.reports,
						state.clients.size(), state.droppedClients));
			}
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
	public record Statistics(String ruleName, String clientId, long requestCount, long sampledCount, long borrowCount) {
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

	/**
	 * The rules at one moment, replaced as a whole on every change.
	 */
	private record Snapshot(List<SamplingRuleRecord> records, List<ServedSamplingRule> rules, Instant modifiedAt) {

		Snapshot(List<SamplingRuleRecord> records, Instant modifiedAt) {
			this(records, records.stream().map(SamplingRuleRecord::rule).toList(), modifiedAt);
		}

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
