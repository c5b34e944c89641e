package org.xrayspring.autoconfigure.scheduled;

import io.micrometer.observation.ObservationHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.StringUtils;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that records each run of a {@code @Scheduled} method as a segment
 * of its own (see {@link XRayScheduledTaskHandler}): an {@link ObservationHandler} bean,
 * which Spring Boot's observation auto-configuration adds to the application's
 * {@code ObservationRegistry} and Boot's
 * {@code ScheduledTasksObservationAutoConfiguration} hands to scheduling, and a
 * {@link SchedulingConfigurer} that gives scheduling a registry with this handler when
 * nothing else gave it one (see {@link ScheduledTaskObservationConfigurer}).
 * <p>
 * Runs are seen through that observation only: with {@code tasks.scheduled} observations
 * turned off ({@code management.observations.enable.tasks.scheduled=false}, or an
 * {@code ObservationPredicate} refusing them) no segment is recorded.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration" })
@ConditionalOnClass({ ScheduledTaskObservationContext.class, ObservationHandler.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.scheduled.enabled", matchIfMissing = true)
public final class XRayScheduledAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	XRayScheduledTaskHandler xrayScheduledTaskHandler(XRayRecorder recorder, XRayProperties properties,
			Environment environment) {
		return new XRayScheduledTaskHandler(recorder, serviceName(properties, environment));
	}

	@Bean
	SchedulingConfigurer xrayScheduledTaskObservationConfigurer(XRayScheduledTaskHandler handler) {
		return new ScheduledTaskObservationConfigurer(handler);
	}

	/**
	 * The service's name, from the same source as the servlet segments' name:
	 * {@code xray.service-name} (which {@code AWS_XRAY_TRACING_NAME} sets), else
	 * {@code spring.application.name}, else {@code application}.
	 */
	private static String serviceName(XRayProperties properties, Environment environment) {
		String serviceName = properties.getServiceName();
		if (StringUtils.hasText(serviceName)) {
			return serviceName;
		}
		return environment.getProperty("spring.application.name", "application");
	}

}
