package org.xrayspring.recorder.sampling;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * One sampling rule from {@code GetSamplingRules}: what it matches ({@code ServiceName}
 * against the segment name, {@code ServiceType} against the origin, {@code Host},
 * {@code HTTPMethod}, {@code URLPath}; {@code ResourceARN} and {@code Attributes} against
 * the values this recorder knows, which are empty) and its {@link State}, which survives
 * a rules refresh that keeps the rule's name.
 */
final class CentralizedRule {

	/** The name of the service's catch-all rule, tried after every other rule. */
	static final String DEFAULT_NAME = "Default";

	/** Priority, then name, {@code Default} last: the order the SDKs try rules in. */
	static final Comparator<CentralizedRule> ORDER = Comparator
		.comparing((CentralizedRule rule) -> DEFAULT_NAME.equals(rule.name))
		.thenComparingInt((rule) -> rule.priority)
		.thenComparing((rule) -> rule.name);

	final String name;

	final int priority;

	final double fixedRate;

	final int reservoirSize;

	private final WildcardPattern serviceName;

	private final WildcardPattern serviceType;

	private final WildcardPattern host;

	private final WildcardPattern httpMethod;

	private final WildcardPattern urlPath;

	/**
	 * Whether ResourceARN and every attribute pattern match the empty value this recorder
	 * has for them.
	 */
	final boolean applicable;

	final State state;

	private final SamplingOutcome sampledOutcome;

	CentralizedRule(Definition definition, State state) {
		this.name = definition.name();
		this.priority = definition.priority();
		this.fixedRate = definition.fixedRate();
		this.reservoirSize = definition.reservoirSize();
		this.serviceName = WildcardPattern.compile(definition.serviceName());
		this.serviceType = WildcardPattern.compile(definition.serviceType());
		this.host = WildcardPattern.compile(definition.host());
		this.httpMethod = WildcardPattern.compile(definition.httpMethod());
		this.urlPath = WildcardPattern.compile(definition.urlPath());
		boolean applicable = WildcardPattern.compile(definition.resourceArn()).matches("");
		for (String attribute : definition.attributePatterns()) {
			applicable &= WildcardPattern.compile(attribute).matches("");
		}
		this.applicable = applicable;
		this.state = state;
		this.sampledOutcome = new SamplingOutcome(true, this.name);
	}

	/**
	 * Whether the rule applies; missing request values are empty strings, as in the SDKs.
	 */
	boolean matches(SamplingRequest request, String serviceType) {
		return this.urlPath.matches(request.path()) && this.httpMethod.matches(request.method())
				&& this.host.matches(request.host()) && this.serviceName.matches(request.serviceName())
				&& this.serviceType.matches(serviceType);
	}

	/**
	 * Decides for a request this rule matched: the reservoir quota while its TTL holds,
	 * else borrow one request a second (when the rule has a reservoir), then the fixed
	 * rate. Counts the request, and what sampled it.
	 */
	SamplingOutcome sample(long nowNanos, DoubleSupplier random) {
		State state = this.state;
		state.requests.increment();
		Target target = state.target;
		if (target != null && nowNanos - target.expiresAtNanos <= 0) {
			if (target.quota.take(nowNanos)) {
				state.sampled.increment();
				return this.sampledOutcome;
			}
		}
		else if (this.reservoirSize > 0 && state.borrow.take(nowNanos)) {
			// a borrowed request is recorded too: SampledCount includes BorrowCount
			state.borrowed.increment();
			state.sampled.increment();
			return this.sampledOutcome;
		}
		double rate = state.fixedRate;
		if (rate > 0 && (rate >= 1 || random.getAsDouble() < rate)) {
			state.sampled.increment();
			return this.sampledOutcome;
		}
		return SamplingOutcome.NOT_SAMPLED;
	}

	@Override
	public String toString() {
		return "CentralizedRule[" + this.name + ", priority=" + this.priority + "]";
	}

	/**
	 * A rule as the service describes it; patterns are never {@code null}.
	 */
	record Definition(String name, int priority, double fixedRate, int reservoirSize, String serviceName,
			String serviceType, String host, String httpMethod, String urlPath, String resourceArn,
			List<String> attributePatterns) {
	}

	/**
	 * What a rule keeps across rules refreshes: the quota and fixed rate from
	 * {@code GetSamplingTargets}, the borrowing reservoir and the counts of the current
	 * interval.
	 */
	static final class State {

		final LongAdder requests = new LongAdder();

		final LongAdder sampled = new LongAdder();

		final LongAdder borrowed = new LongAdder();

		final Reservoir borrow;

		volatile Target target;

		volatile double fixedRate;

		State(double fixedRate, long nowNanos) {
			this.fixedRate = fixedRate;
			this.borrow = new Reservoir(1, nowNanos);
		}

	}

	/**
	 * A reservoir quota from {@code GetSamplingTargets}, valid until its TTL.
	 */
	static final class Target {

		final Reservoir quota;

		final long expiresAtNanos;

		Target(int quota, long expiresAtNanos, long nowNanos) {
			this.quota = new Reservoir(quota, nowNanos);
			this.expiresAtNanos = expiresAtNanos;
		}

	}

}
