package org.xrayspring.autoconfigure.servlet;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

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
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of inbound tracing
 * for servlet web applications: an {@link XRayServletFilter} registered near the start of the filter chain for
 * request and async dispatches, and a {@link SegmentNamer}.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, FilterRegistrationBean.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.servlet.enabled", matchIfMissing = true)
public final class XRayServletAutoConfiguration {

	/** The filter's order: early, so that the segment covers security and other filters. */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	@ConditionalOnMissingBean
	SegmentNamer xraySegmentNamer(XRayProperties properties, Environment environment) {
		String serviceName = serviceName(properties, environment);
		String hostPattern = properties.getNaming().getHostPattern();
		return StringUtils.hasText(hostPattern) ? SegmentNamer.dynamic(serviceName, hostPattern)
				: SegmentNamer.fixed(serviceName);
	}

	@Bean
	@ConditionalOnMissingFilterBean(XRayServletFilter.class)
	FilterRegistrationBean<XRayServletFilter> xrayServletFilter(XRayRecorder recorder, SegmentNamer namer,
			XRayProperties properties) {
		XRayServletFilter filter = new XRayServletFilter(recorder, namer, properties.getHttp().isRecordQueryString());
		FilterRegistrationBean<XRayServletFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(FILTER_ORDER);
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
		registration.setAsyncSupported(true);
		return registration;
	}

	static String serviceName(XRayProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getServiceName())) {
			return properties.getServiceName();
		}
		return environment.getProperty("spring.application.name", "application");
	}

}
