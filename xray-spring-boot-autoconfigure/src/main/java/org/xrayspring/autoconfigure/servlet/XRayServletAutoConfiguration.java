package org.xrayspring.autoconfigure.servlet;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.inbound.InboundSettings;
import org.xrayspring.autoconfigure.lambda.LambdaTraceHeaderSource;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of inbound tracing for servlet web applications: an
 * {@link XRayServletFilter} registered near the start of the filter chain for request and
 * async dispatches, and a {@link SegmentNamer}. Requests whose path matches
 * {@code xray.http.excluded-paths}, or lies under the embedded console's base path, are
 * not traced.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.servlet.enabled", matchIfMissing = true)
public final class XRayServletAutoConfiguration {

	/**
	 * The filter's order: early, so that the segment covers security and other filters.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private static final String ALL_PATHS = "/**";

	private static final Log logger = LogFactory.getLog(XRayServletAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	SegmentNamer xraySegmentNamer(XRayProperties properties, Environment environment) {
		String fixedName = InboundSettings.fixedSegmentName(properties, environment);
		if (fixedName != null) {
			return SegmentNamer.fixed(fixedName);
		}
		Function<@Nullable String, String> naming = InboundSettings.segmentNaming(properties, environment);
		return (request) -> naming.apply(request.getHeader("Host"));
	}

	@Bean
	@ConditionalOnMissingFilterBean(XRayServletFilter.class)
	FilterRegistrationBean<XRayServletFilter> xrayServletFilter(XRayRecorder recorder, SegmentNamer namer,
			XRayProperties properties, Environment environment,
			ObjectProvider<LambdaTraceHeaderSource> lambdaTraceHeader) {
		// in AWS Lambda the invocation's segment is Lambda's: each request becomes a
		// subsegment under it
		LambdaTraceHeaderSource lambda = StringUtils
			.hasText(environment.getProperty(LambdaTraceHeaderSource.FUNCTION_NAME_VARIABLE))
					? lambdaTraceHeader.getIfAvailable(LambdaTraceHeaderSource::fromRuntime) : null;
		XRayServletFilter filter = new XRayServletFilter(recorder, namer, properties.getHttp().isRecordQueryString(),
				excludedPaths(properties, environment), properties.getPropagation().isW3c(), lambda);
		FilterRegistrationBean<XRayServletFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FILTER_ORDER);
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
		registration.setAsyncSupported(true);
		return registration;
	}

	private static @Nullable List<String> excludedPaths(XRayProperties properties, Environment environment) {
		List<String> patterns = new ArrayList<>(InboundSettings.excludedPaths(properties));
		String consolePaths = consolePaths(environment);
		if (consolePaths != null) {
			if (consolePaths.equals(ALL_PATHS)) {
				logger.info("The X-Ray console is served at the root (xray.console.base-path is empty), so no request"
						+ " of this application is traced");
			}
			patterns.add(consolePaths);
		}
		return patterns;
	}

	/**
	 * The embedded X-Ray console (module xray-console) serves its UI and API under
	 * {@code xray.console.base-path} when {@code xray.console.enabled} is true, and its
	 * UI polls that API every few seconds: traced, that traffic would fill the console
	 * with traces of itself. The console shares no code with the starter, by design, so
	 * the two meet on the console's documented properties rather than on a type or a
	 * bean: whenever those properties say a console is served here, its paths are left
	 * out of tracing. An empty base path means the console owns the root (as the
	 * standalone console does), and then no request is traced.
	 * @param environment the environment
	 * @return the pattern of the console's paths, or {@code null} when no console is
	 * enabled
	 */
	private static @Nullable String consolePaths(Environment environment) {
		if (!environment.getProperty("xray.console.enabled", Boolean.class, false)) {
			return null;
		}
		// the console's routes are served by the DispatcherServlet, so they sit under its
		// servlet path too
		return pathPrefix(environment.getProperty("spring.mvc.servlet.path", ""))
				+ pathPrefix(environment.getProperty("xray.console.base-path", "/xray")) + ALL_PATHS;
	}

	private static String pathPrefix(String path) {
		String prefix = StringUtils.trimTrailingCharacter(path.trim(), '/');
		return (prefix.isEmpty() || prefix.startsWith("/")) ? prefix : "/" + prefix;
	}

}
