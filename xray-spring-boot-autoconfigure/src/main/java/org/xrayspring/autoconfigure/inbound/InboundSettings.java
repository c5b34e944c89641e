package org.xrayspring.autoconfigure.inbound;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.inbound.InboundRequests;
import org.xrayspring.recorder.sampling.WildcardPattern;

/**
 * The {@code xray.*} settings every inbound HTTP instrumentation reads, read one way: the
 * segment name and the excluded paths.
 */
public final class InboundSettings {

	private InboundSettings() {
	}

	/**
	 * The service name: {@code xray.service-name}, else {@code spring.application.name},
	 * else {@code application}.
	 * @param properties the properties
	 * @param environment the environment
	 * @return the name
	 */
	public static String serviceName(XRayProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getServiceName())) {
			return properties.getServiceName();
		}
		return environment.getProperty("spring.application.name", "application");
	}

	/**
	 * The name of every segment when {@code xray.naming.host-pattern} is not set, so that
	 * no request's {@code Host} header needs to be read (a header lookup is a scan of the
	 * request's headers, on every request).
	 * @param properties the properties
	 * @param environment the environment
	 * @return the service name, or {@code null} when segments are named from the
	 * {@code Host} header ({@link #segmentNaming})
	 */
	public static @Nullable String fixedSegmentName(XRayProperties properties, Environment environment) {
		return StringUtils.hasText(properties.getNaming().getHostPattern()) ? null
				: serviceName(properties, environment);
	}

	/**
	 * How segments are named from the {@code Host} header: after the host when it matches
	 * {@code xray.naming.host-pattern}, else after the service name.
	 * @param properties the properties
	 * @param environment the environment
	 * @return the name for a {@code Host} header (which may be {@code null})
	 */
	public static Function<@Nullable String, String> segmentNaming(XRayProperties properties, Environment environment) {
		String serviceName = serviceName(properties, environment);
		String hostPattern = properties.getNaming().getHostPattern();
		WildcardPattern pattern = StringUtils.hasText(hostPattern) ? WildcardPattern.compile(hostPattern) : null;
		return (host) -> InboundRequests.segmentName(serviceName, pattern, host);
	}

	/**
	 * The patterns of {@code xray.http.excluded-paths}, checked.
	 * @param properties the properties
	 * @return the patterns
	 * @throws InvalidConfigurationPropertyValueException if a pattern could never match
	 */
	public static List<String> excludedPaths(XRayProperties properties) {
		List<String> patterns = List.copyOf(properties.getHttp().getExcludedPaths());
		try {
			ExcludedPaths.of(patterns);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("xray.http.excluded-paths", patterns, ex.getMessage());
		}
		return patterns;
	}

}
