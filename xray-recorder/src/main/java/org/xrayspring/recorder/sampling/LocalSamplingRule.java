package org.xrayspring.recorder.sampling;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One local sampling rule: which requests it applies to (host, HTTP method and URL path
 * patterns with {@code *} and {@code ?}, case-insensitive) and how many of them are
 * sampled (the first {@link #fixedTarget()} per second, then {@link #rate()} of the
 * rest). Immutable; the per-second state lives in the strategy that uses the rule.
 */
public final class LocalSamplingRule {

	private final @Nullable String description;

	private final WildcardPattern host;

	private final WildcardPattern httpMethod;

	private final WildcardPattern urlPath;

	private final int fixedTarget;

	private final double rate;

	LocalSamplingRule(@Nullable String description, String host, String httpMethod, String urlPath, int fixedTarget,
			double rate) {
		if (fixedTarget < 0) {
			throw new IllegalArgumentException("fixedTarget must not be negative but was " + fixedTarget);
		}
		if (!(rate >= 0 && rate <= 1)) {
			throw new IllegalArgumentException("rate must be between 0 and 1 but was " + rate);
		}
		this.description = description;
		this.host = WildcardPattern.compile(host);
		this.httpMethod = WildcardPattern.compile(httpMethod);
		this.urlPath = WildcardPattern.compile(urlPath);
		this.fixedTarget = fixedTarget;
		this.rate = rate;
	}

	/**
	 * Creates a rule that matches every request, as used for the default rule.
	 */
	static LocalSamplingRule matchingAll(@Nullable String description, int fixedTarget, double rate) {
		return new LocalSamplingRule(description, "*", "*", "*", fixedTarget, rate);
	}

	/**
	 * Returns the rule's description.
	 * @return the description, or {@code null} if the rule has none
	 */
	public @Nullable String description() {
		return this.description;
	}

	/**
	 * Returns the host pattern (for version 1 rules, the {@code service_name} pattern,
	 * which the SDKs match against the host).
	 * @return the pattern
	 */
	public String host() {
		return this.host.pattern();
	}

	/**
	 * Returns the HTTP method pattern.
	 * @return the pattern
	 */
	public String httpMethod() {
		return this.httpMethod.pattern();
	}

	/**
	 * Returns the URL path pattern.
	 * @return the pattern
	 */
	public String urlPath() {
		return this.urlPath.pattern();
	}

	/**
	 * Returns the number of matching requests sampled each second before {@link #rate()}
	 * applies.
	 * @return the fixed target, at least 0
	 */
	public int fixedTarget() {
		return this.fixedTarget;
	}

	/**
	 * Returns the fraction of matching requests beyond the fixed target that are sampled.
	 * @return the rate, between 0 and 1
	 */
	public double rate() {
		return this.rate;
	}

	/**
	 * Returns whether this rule applies to the request: its host, method and path all
	 * match, ignoring case.
	 * @param request the request ({@code null} is treated as a request with empty
	 * components)
	 * @return whether the rule applies
	 */
	public boolean matches(@Nullable SamplingRequest request) {
		if (request == null) {
			return this.host.matches("") && this.httpMethod.matches("") && this.urlPath.matches("");
		}
		return this.urlPath.matches(request.path()) && this.httpMethod.matches(request.method())
				&& this.host.matches(request.host());
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof LocalSamplingRule other)) {
			return false;
		}
		return this.fixedTarget == other.fixedTarget && Double.compare(this.rate, other.rate) == 0
				&& Objects.equals(this.description, other.description) && host().equals(other.host())
				&& httpMethod().equals(other.httpMethod()) && urlPath().equals(other.urlPath());
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.description, host(), httpMethod(), urlPath(), this.fixedTarget, this.rate);
	}

	@Override
	public String toString() {
		return "SamplingRule[description=" + this.description + ", host=" + host() + ", httpMethod=" + httpMethod()
				+ ", urlPath=" + urlPath() + ", fixedTarget=" + this.fixedTarget + ", rate=" + this.rate + "]";
	}

}
