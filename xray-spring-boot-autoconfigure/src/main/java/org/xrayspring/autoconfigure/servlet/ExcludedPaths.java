package org.xrayspring.autoconfigure.servlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.AntPathMatcher;

/**
 * Request paths left out of inbound tracing: Ant-style patterns ({@code ?} one character,
 * {@code *} anything within a path segment, {@code **} any number of segments, anywhere
 * in the pattern), matched case-sensitively by Spring's {@link AntPathMatcher} against
 * the path within the application.
 * <p>
 * That path is the servlet path plus the path info, as the container mapped the request:
 * decoded and normalized, without the context path, path parameters
 * ({@code ;jsessionid=...}) or query string. So {@code /actuator/**} excludes
 * {@code /ctx/actuator/health} of an application under context path {@code /ctx}, and
 * neither {@code /actuator;x=1/health} nor {@code /api/../actuator/health} gets past it.
 */
final class ExcludedPaths {

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
	static ExcludedPaths of(Collection<String> patterns) {
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
	 * Return whether a request is excluded.
	 * @param request the request
	 * @return whether its path matches one of the patterns
	 */
	boolean matches(HttpServletRequest request) {
		if (this.patterns.isEmpty()) {
			return false;
		}
		String path = pathWithinApplication(request);
		for (String pattern : this.patterns) {
			if (this.matcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

	List<String> patterns() {
		return this.patterns;
	}

	private static String pathWithinApplication(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		String path = ((servletPath != null) ? servletPath : "") + ((pathInfo != null) ? pathInfo : "");
		return path.isEmpty() ? "/" : path;
	}

}
