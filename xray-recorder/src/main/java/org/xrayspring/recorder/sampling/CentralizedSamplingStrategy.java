package org.xrayspring.recorder.sampling;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Samples by the rules and quotas of the X-Ray sampling API, which the X-Ray daemon (on
 * its TCP address), the CloudWatch agent, the OpenTelemetry Collector's X-Ray proxy and
 * this project's console serve, as every AWS X-Ray SDK does by default.
 * <p>
 * <b>Polling</b> runs on one daemon thread, {@value #THREAD_NAME}, started by
 * {@link #start()} and stopped by {@link #close()}: {@code POST /GetSamplingRules} (all
 * pages) at once and then every 5 minutes less up to 5 seconds of jitter (while no rules
 * are in effect, at the targets interval instead), and {@code POST /SamplingTargets}
 * every 10 seconds, or sooner when the service returns a shorter {@code Interval}, with
 * the counts of every rule that had requests (at most 25 documents a call). A
 * {@code LastRuleModification} newer than the last rules fetch fetches the rules again at
 * once. Each call has short connect and read timeouts; a failure is logged at most once a
 * minute and counted.
 * <p>
 * <b>Deciding</b> happens on the request thread without blocking or allocating: rules by
 * {@code Priority}, then name, {@code Default} last; the first whose {@code ServiceName}
 * (segment name), {@code ServiceType} (origin), {@code Host}, {@code HTTPMethod} and
 * {@code URLPath} patterns match decides (and {@code ResourceARN} and {@code Attributes},
 * matched against the empty values this recorder has for them: only patterns such as
 * {@code *} apply). A rule samples from its reservoir quota while the quota's TTL holds,
 * else borrows one request a second when its {@code ReservoirSize} is not 0, then samples
 * {@code FixedRate} of the rest. The fallback strategy (the local rules) decides before
 * the first successful rules fetch, when no fetched rule matches, and once the fetched
 * rules have expired: no successful call (rules or targets) for their lifetime (an hour
 * by default). Without a successful call for half that lifetime the poller fetches the
 * rules again, at the targets pace until one succeeds, so that rules come back soon after
 * the service does.
 */
public final class CentralizedSamplingStrategy implements SamplingStrategy, AutoCloseable {

	/** The poller thread's name. */
	public static final String THREAD_NAME = "xray-sampling-poller";

	static final int MAX_STATISTICS_PER_CALL = 25;

	/**
	 * Pages of GetSamplingRules read at most in one fetch, so that a server repeating
	 * NextToken cannot loop us.
	 */
	static final int MAX_PAGES = 100;

	/** Rules held at most. */
	static final int MAX_RULES = 1000;

	private static final ThrottledLogger logger = new ThrottledLogger(CentralizedSamplingStrategy.class.getName(),
			60_000);

	private static final SamplingRequest EMPTY_REQUEST = new SamplingRequest(null, null, null, null);

	private static final DoubleSupplier THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextDouble();

	private final SamplingApiClient client;

	private final SamplingStrategy fallback;

	private final String clientId;

	private final LongSupplier nanoClock;

	private final LongSupplier epochMillisClock;

	private final DoubleSupplier random;

	private final long rulesIntervalNanos;

	private final long targetsIntervalNanos;

	private final long rulesLifetimeNanos;

	private final LongAdder rulesFetches = new LongAdder();

	private final LongAdder targetsFetches = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Object wakeUp = new Object();

	private volatile RuleSet ruleSet;

	/**
	 * When a call last succeeded (rules or targets), on the nano clock: the fetched rules
	 * live that long.
	 */
	private volatile long lastSuccessNanos;

	private volatile Thread thread;

	private CentralizedSamplingStrategy(Builder builder) {
		this.client = new SamplingApiClient(builder.endpoint, builder.connectTimeout, builder.readTimeout);
		this.fallback = builder.fallback;
		this.clientId = newClientId();
		this.nanoClock = builder.nanoClock;
		this.epochMillisClock = builder.epochMillisClock;
		this.random = builder.random;
		this.rulesIntervalNanos = builder.rulesInterval.toNanos();
		this.targetsIntervalNanos = builder.targetsInterval.toNanos();
		this.rulesLifetimeNanos = builder.rulesLifetime.toNanos();
	}

	/**
	 * Starts building a strategy.
	 * @param endpoint the sampling API's base URL, the daemon's TCP address, e.g.
	 * {@code http://127.0.0.1:2000}
	 * @return a builder
	 */
	public static Builder builder(String endpoint) {
		return new Builder(endpoint);
	}

	private static String newClientId() {
		byte[] bytes = new byte[12];
		new SecureRandom().nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	/**
	 * Starts the poller thread, which fetches the rules at once. Returns immediately;
	 * starting again does nothing.
	 * @return this strategy
	 */
	public CentralizedSamplingStrategy start() {
		if (this.closed.get() || !this.started.compareAndSet(false, true)) {
			return this;
		}
		Thread poller = new Thread(this::poll, THREAD_NAME);
		poller.setDaemon(true);
		this.thread = poller;
		poller.start();
		return this;
	}

	/**
	 * Stops the poller thread. A call in flight ends within its timeouts; decisions
	 * continue with the rules held.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		synchronized (this.wakeUp) {
			this.wakeUp.notifyAll();
		}
		Thread poller = this.thread;
		if (poller != null) {
			poller.interrupt();
		}
	}

	/**
	 * Whether the poller thread is running: after {@link #start()} until shortly after
	 * {@link #close()}.
	 * @return whether polling
	 */
	public boolean isPolling() {
		Thread poller = this.thread;
		return poller != null && poller.isAlive();
	}

	@Override
	public boolean shouldTrace(SamplingRequest request) {
		return decide(request, null).sampled();
	}

	@Override
	public SamplingOutcome decide(SamplingRequest request, String serviceType) {
		try {
			SamplingRequest r = (request != null) ? request : EMPTY_REQUEST;
			RuleSet rules = this.ruleSet;
			if (rules != null) {
				long now = this.nanoClock.getAsLong();
				if (now - this.lastSuccessNanos <= this.rulesLifetimeNanos) {
					String type = (serviceType != null) ? serviceType : "";
					CentralizedRule[] array = rules.rules;
					for (int i = 0; i < array.length; i++) {
						if (array[i].matches(r, type)) {
							return array[i].sample(now, this.random);
						}
					}
				}
			}
			return SamplingOutcome.of(this.fallback.shouldTrace(r));
		}
		catch (RuntimeException ex) {
			// Only a caller-supplied clock, random source or fallback can fail; sampling
			// never breaks a request.
			return SamplingOutcome.NOT_SAMPLED;
		}
	}

	/**
	 * Counters: {@code sampling.rules.fetches} and {@code sampling.targets.fetches}
	 * (successful calls), {@code sampling.failures} (failed calls) and
	 * {@code sampling.rules.active} (fetched rules in effect now; 0 while the local rules
	 * decide).
	 */
	@Override
	public Map<String, Long> counters() {
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("sampling.rules.fetches", this.rulesFetches.sum());
		counters.put("sampling.targets.fetches", this.targetsFetches.sum());
		counters.put("sampling.failures", this.failures.sum());
		counters.put("sampling.rules.active", (long) activeRules());
		return counters;
	}

	private int activeRules() {
		RuleSet rules = this.ruleSet;
		if (rules == null || this.nanoClock.getAsLong() - this.lastSuccessNanos > this.rulesLifetimeNanos) {
			return 0;
		}
		return rules.rules.length;
	}

	/**
	 * The fallback strategy (the local rules).
	 * @return the fallback
	 */
	public SamplingStrategy getFallback() {
		return this.fallback;
	}

	/**
	 * This recorder's {@code ClientID}: 24 hex characters from 12 random bytes, fixed for
	 * its life.
	 * @return the client id
	 */
	public String getClientId() {
		return this.clientId;
	}

	/**
	 * The sampling API's base URL.
	 * @return the endpoint
	 */
	public String getEndpoint() {
		return this.client.endpoint();
	}

	// Polling (the poller thread; tests call the poll methods directly)

	private void poll() {
		long nextRules = System.nanoTime();
		long nextTargets = nextRules + this.targetsIntervalNanos;
		while (!this.closed.get()) {
			long now = System.nanoTime();
			if (now - nextRules >= 0) {
				boolean fetched = pollRules();
				// without rules in effect, try again at the targets pace rather than in
				// five minutes
				nextRules = now + (fetched ? this.rulesIntervalNanos - jitterNanos() : this.targetsIntervalNanos);
			}
			if (now - nextTargets >= 0) {
				TargetsResult result = pollTargets();
				nextTargets = now + result.waitNanos;
				if (result.rulesRefreshed) {
					nextRules = now + this.rulesIntervalNanos - jitterNanos();
				}
				else if (this.nanoClock.getAsLong() - this.lastSuccessNanos > this.rulesLifetimeNanos / 2) {
					// no targets call succeeded for a while (no traffic, or the service
					// is away): fetch the rules
					// rather than let them expire, and once expired, try at this pace
					// until the service is back
					nextRules = now;
				}
			}
			long sleep = Math.min(nextRules, nextTargets) - System.nanoTime();
			if (sleep > 0) {
				synchronized (this.wakeUp) {
					if (this.closed.get()) {
						return;
					}
					try {
						this.wakeUp.wait(Math.max(1, sleep / 1_000_000), 0);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}
		}
	}

	private long jitterNanos() {
		// up to 5 s, as the SDKs do, never more than a tenth of a (short, test) interval
		long max = Math.min(5_000_000_000L, this.rulesIntervalNanos / 10);
		return (max > 0) ? ThreadLocalRandom.current().nextLong(max) : 0;
	}

	/**
	 * Fetches every page of rules and puts them in effect; a rule that keeps its name
	 * keeps its quota and counts.
	 * @return whether the fetch succeeded
	 */
	boolean pollRules() {
		// The fetch counts from when it started: a rule modified while the answer was on
		// its way is newer than
		// the fetch, so the next targets call's LastRuleModification fetches the rules
		// again.
		long startedAtEpochMillis = this.epochMillisClock.getAsLong();
		try {
			List<CentralizedRule.Definition> definitions = new ArrayList<>();
			Set<String> tokens = new HashSet<>();
			String token = null;
			int skipped = 0;
			for (int page = 0; page < MAX_PAGES; page++) {
				SamplingApiClient.Page result = this.client.getSamplingRules(token);
				definitions.addAll(result.rules());
				skipped += result.skipped();
				token = result.nextToken();
				if (token == null || !tokens.add(token) || definitions.size() > MAX_RULES) {
					break;
				}
			}
			long now = this.nanoClock.getAsLong();
			this.ruleSet = newRuleSet(definitions, now, startedAtEpochMillis);
			this.lastSuccessNanos = now;
			this.rulesFetches.increment();
			if (skipped > 0) {
				int count = skipped;
				logger.warnOnce("sampling-rules-skipped", () -> "X-Ray sampling: skipped " + count
						+ " sampling rule(s) from " + getEndpoint() + " that are invalid or not format version 1");
			}
			return true;
		}
		catch (RuntimeException ex) {
			failed("GetSamplingRules", ex);
			return false;
		}
	}

	private RuleSet newRuleSet(List<CentralizedRule.Definition> definitions, long now, long wallMillis) {
		RuleSet previous = this.ruleSet;
		Map<String, CentralizedRule.State> states = new HashMap<>();
		if (previous != null) {
			for (CentralizedRule rule : previous.rules) {
				states.put(rule.name, rule.state);
			}
		}
		Map<String, CentralizedRule> byName = new LinkedHashMap<>();
		for (CentralizedRule.Definition definition : definitions) {
			if (byName.size() >= MAX_RULES) {
				break;
			}
			CentralizedRule.State state = states.remove(definition.name());
			if (state == null) {
				state = new CentralizedRule.State(definition.fixedRate(), now);
			}
			else {
				// the rule may have been edited: its own rate applies until the next
				// targets say otherwise
				state.fixedRate = definition.fixedRate();
			}
			CentralizedRule rule = new CentralizedRule(definition, state);
			if (rule.applicable) {
				byName.putIfAbsent(rule.name, rule);
			}
		}
		List<CentralizedRule> sorted = new ArrayList<>(byName.values());
		sorted.sort(CentralizedRule.ORDER);
		return new RuleSet(sorted.toArray(new CentralizedRule[0]), now, wallMillis);
	}

	/**
	 * Reports the counts of every rule that had requests and applies the targets
	 * answered; fetches the rules at once when they were modified after the last rules
	 * fetch.
	 * @return when to call again and whether the rules were fetched
	 */
	TargetsResult pollTargets() {
		RuleSet rules = this.ruleSet;
		if (rules == null) {
			return new TargetsResult(this.targetsIntervalNanos, false);
		}
		long timestampSeconds = Math.floorDiv(this.epochMillisClock.getAsLong(), 1000);
		List<SamplingApiClient.Statistics> statistics = new ArrayList<>();
		for (CentralizedRule rule : rules.rules) {
			long requests = rule.state.requests.sumThenReset();
			long sampled = rule.state.sampled.sumThenReset();
			long borrowed = rule.state.borrowed.sumThenReset();
			if (requests > 0 || sampled > 0) {
				// counts taken one after the other may straddle a decision; keep them
				// consistent
				requests = Math.max(requests, sampled);
				statistics.add(new SamplingApiClient.Statistics(rule.name, timestampSeconds, requests, sampled,
						Math.min(borrowed, sampled)));
			}
		}
		long waitNanos = this.targetsIntervalNanos;
		double lastModification = Double.NaN;
		boolean ok = true;
		for (int from = 0; from < statistics.size(); from += MAX_STATISTICS_PER_CALL) {
			List<SamplingApiClient.Statistics> batch = statistics.subList(from,
					Math.min(statistics.size(), from + MAX_STATISTICS_PER_CALL));
			try {
				SamplingApiClient.Targets targets = this.client.getSamplingTargets(batch, this.clientId);
				this.lastSuccessNanos = this.nanoClock.getAsLong();
				this.targetsFetches.increment();
				waitNanos = Math.min(waitNanos, apply(targets.documents()));
				if (!(lastModification >= targets.lastRuleModificationSeconds())) {
					lastModification = targets.lastRuleModificationSeconds();
				}
			}
			catch (RuntimeException ex) {
				failed("GetSamplingTargets", ex);
				ok = false;
				break;
			}
		}
		boolean refreshed = false;
		RuleSet current = this.ruleSet;
		if (ok && current != null && lastModification * 1000 > current.fetchedAtEpochMillis) {
			refreshed = pollRules();
		}
		return new TargetsResult(waitNanos, refreshed);
	}

	/**
	 * Applies targets to the rules they name (unknown names are ignored: a deleted rule).
	 * @return the shortest {@code Interval} answered, in nanoseconds, or the default
	 */
	private long apply(List<SamplingApiClient.TargetDocument> documents) {
		RuleSet rules = this.ruleSet;
		long waitNanos = this.targetsIntervalNanos;
		if (rules == null) {
			return waitNanos;
		}
		long now = this.nanoClock.getAsLong();
		long wallMillis = this.epochMillisClock.getAsLong();
		for (SamplingApiClient.TargetDocument document : documents) {
			CentralizedRule rule = rules.find(document.ruleName());
			if (rule == null) {
				continue;
			}
			CentralizedRule.State state = rule.state;
			if (document.fixedRate() >= 0 && document.fixedRate() <= 1) {
				state.fixedRate = document.fixedRate();
			}
			Number quota = document.reservoirQuota();
			Number ttl = document.reservoirQuotaTtlSeconds();
			if (quota != null && quota.doubleValue() >= 0 && ttl != null) {
				long remainingMillis = (long) (ttl.doubleValue() * 1000) - wallMillis;
				long expiresAt = now
						+ Math.max(-1, Math.min(remainingMillis, Duration.ofDays(1).toMillis())) * 1_000_000L;
				state.target = new CentralizedRule.Target((int) Math.min(quota.doubleValue(), Integer.MAX_VALUE),
						expiresAt, now);
			}
			Number interval = document.intervalSeconds();
			if (interval != null && interval.doubleValue() >= 1) {
				waitNanos = Math.min(waitNanos, (long) (interval.doubleValue() * 1e9));
			}
		}
		return waitNanos;
	}

	private void failed(String call, RuntimeException ex) {
		this.failures.increment();
		logger.warnThrottled(() -> "X-Ray sampling: " + call + " at " + getEndpoint() + " failed (" + ex.getMessage()
				+ "); "
				+ ((activeRules() > 0) ? "the rules fetched earlier still apply" : "the local sampling rules apply"),
				null);
	}

	@Override
	public String toString() {
		return "CentralizedSamplingStrategy[endpoint=" + getEndpoint() + ", fallback=" + this.fallback + "]";
	}

	/** When to poll targets next and whether the rules were fetched again. */
	record TargetsResult(long waitNanos, boolean rulesRefreshed) {
	}

	/** The fetched rules in decision order and when they were fetched. */
	static final class RuleSet {

		final CentralizedRule[] rules;

		final long fetchedAtNanos;

		final long fetchedAtEpochMillis;

		RuleSet(CentralizedRule[] rules, long fetchedAtNanos, long fetchedAtEpochMillis) {
			this.rules = rules;
			this.fetchedAtNanos = fetchedAtNanos;
			this.fetchedAtEpochMillis = fetchedAtEpochMillis;
		}

		CentralizedRule find(String name) {
			for (CentralizedRule rule : this.rules) {
				if (rule.name.equals(name)) {
					return rule;
				}
			}
			return null;
		}

	}

	/**
	 * Builds a {@link CentralizedSamplingStrategy}.
	 */
	public static final class Builder {

		private final String endpoint;

		private SamplingStrategy fallback = LocalSamplingStrategy.defaultStrategy();

		private Duration rulesInterval = Duration.ofMinutes(5);

		private Duration targetsInterval = Duration.ofSeconds(10);

		private Duration rulesLifetime = Duration.ofHours(1);

		private Duration connectTimeout = Duration.ofSeconds(2);

		private Duration readTimeout = Duration.ofSeconds(2);

		private LongSupplier nanoClock = System::nanoTime;

		private LongSupplier epochMillisClock = System::currentTimeMillis;

		private DoubleSupplier random = THREAD_LOCAL_RANDOM;

		private Builder(String endpoint) {
			this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
		}

		/**
		 * Sets the strategy that decides while no fetched rule is in effect (default: the
		 * built-in local default of one request a second plus 5 %).
		 * @param fallback the local strategy
		 * @return this builder
		 */
		public Builder fallback(SamplingStrategy fallback) {
			this.fallback = Objects.requireNonNull(fallback, "fallback");
			return this;
		}

		/**
		 * Sets the time between rules fetches (default 5 minutes, less up to 5 s of
		 * jitter).
		 * @param interval the interval, positive
		 * @return this builder
		 */
		public Builder rulesInterval(Duration interval) {
			this.rulesInterval = positive(interval, "rulesInterval");
			return this;
		}

		/**
		 * Sets the time between targets calls (default 10 seconds); a shorter
		 * {@code Interval} answered by the service wins.
		 * @param interval the interval, positive
		 * @return this builder
		 */
		public Builder targetsInterval(Duration interval) {
			this.targetsInterval = positive(interval, "targetsInterval");
			return this;
		}

		/**
		 * Sets how long fetched rules stay in effect without a successful call to the
		 * sampling API (default 1 hour, as in the SDKs); after that the fallback decides.
		 * @param lifetime the lifetime, positive
		 * @return this builder
		 */
		public Builder rulesLifetime(Duration lifetime) {
			this.rulesLifetime = positive(lifetime, "rulesLifetime");
			return this;
		}

		/**
		 * Sets the connect and read timeouts of each call (default 2 seconds each, as in
		 * the Java SDK).
		 * @param connectTimeout the connect timeout, positive
		 * @param readTimeout the read timeout, positive
		 * @return this builder
		 */
		public Builder timeouts(Duration connectTimeout, Duration readTimeout) {
			this.connectTimeout = positive(connectTimeout, "connectTimeout");
			this.readTimeout = positive(readTimeout, "readTimeout");
			return this;
		}

		/**
		 * Sets the clocks and random source, for deterministic tests.
		 * @param nanoClock a monotonic clock in nanoseconds, like
		 * {@link System#nanoTime()}
		 * @param epochMillisClock a wall clock in milliseconds since the epoch
		 * @param random a source of doubles in {@code [0, 1)}
		 * @return this builder
		 */
		Builder sources(LongSupplier nanoClock, LongSupplier epochMillisClock, DoubleSupplier random) {
			this.nanoClock = nanoClock;
			this.epochMillisClock = epochMillisClock;
			this.random = random;
			return this;
		}

		private static Duration positive(Duration duration, String name) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException(name + " must be positive but was " + duration);
			}
			return duration;
		}

		/**
		 * Builds the strategy; call {@link CentralizedSamplingStrategy#start()} to start
		 * polling.
		 * @return the strategy
		 * @throws IllegalArgumentException if the endpoint is not an {@code http://} URL
		 */
		public CentralizedSamplingStrategy build() {
			return new CentralizedSamplingStrategy(this);
		}

	}

}
