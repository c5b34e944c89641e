package org.xrayspring.autoconfigure.inbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.util.AntPathMatcher;

/**
 * Request paths left out of inbound tracing: Ant-style patterns ({@code ?} one character,
 * {@code *} anything within a path segment, {@code **} any number of segments, anywhere
 * in the pattern), matched case-sensitively by Spring's {@link AntPathMatcher} against
 * the path within the application.
 * <p>
 * Each server instrumentation passes that path as its server resolved it: decoded and
 * normalized, without the context path, path parameters ({@code ;jsessionid=...}) or
 * query string. So {@code /actuator/**} excludes {@code /ctx/actuator/health} of an
 * application under context path {@code /ctx}, and neither {@code /actuator;x=1/health}
 * nor {@code /api/../actuator/health} gets past it.
 */
public final class ExcludedPaths {

	private static final ExcludedPaths NONE = new ExcludedPaths(List.of());

	private final AntPathMatcher matcher = new AntPathMatcher();

	private final List<String> patterns;

	private ExcludedPaths(List<String> patterns) {
		this.patterns = patterns;
		// a fixed, small set of patterns: keep them tokenized for good
		this.matcher.setCachePatterns(true);
	}

	/**
	 * Compile patterns.
	 * @param patterns Ant-style patterns, each starting with {@code /}
	 * @return the excluded paths
	 * @throws IllegalArgumentException if a pattern is blank or does not start with
	 * {@code /}: it could never match
	 */
	public static ExcludedPaths of(Collection<String> patterns) {
		List<String> valid = new ArrayList<>(patterns.size());
		for (String pattern : patterns) {
			String trimmed = (pattern != null) ? pattern.trim() : "";
			if (!trimmed.startsWith("/")) {
				throw new IllegalArgumentException(
						"'" + pattern + "' is not a path pattern: it must start with '/' (e.g. '/actuator/**')");
			}
			valid.add(trimmed);
		}
		return valid.isEmpty() ? NONE : new ExcludedPaths(List.copyOf(valid));
	}

	/**
	 * Return whether a path is excluded.
	 * @param pathWithinApplication the request's path within the application, decoded and
	 * normalized, without path parameters
	 * @return whether it matches one of the patterns
	 */
	public boolean matches(String pathWithinApplication) {
		if (this.patterns.isEmpty()) {
			return false;
		}
		String path = pathWithinApplication.isEmpty() ? "/" : pathWithinApplication;
		for (String pattern : this.patterns) {
			if (this.matcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether no path is excluded.
	 * @return whether there are no patterns
	 */
	public boolean isEmpty() {
		return this.patterns.isEmpty();
	}

	/**
	 * The patterns.
	 * @return the patterns, trimmed
	 */
	public List<String> patterns() {
		return this.patterns;
	}

}
