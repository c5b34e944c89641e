package org.xrayspring.autoconfigure.scheduled;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Makes Spring's scheduling observe each run of a {@code @Scheduled} method when nothing
 * else does: when, after every other {@link SchedulingConfigurer} (this one runs last),
 * the registrar still has no {@link ObservationRegistry}, it gets one that holds only the
 * {@link XRayScheduledTaskHandler}. That is the case when Spring Boot's observation
 * support ({@code spring-boot-micrometer-observation}, whose
 * {@code ScheduledTasksObservationAutoConfiguration} hands the application's registry to
 * the registrar) is not on the class path or is excluded. A registry set by Boot or by
 * the application is left alone: the handler is one of its handlers.
 */
final class ScheduledTaskObservationConfigurer implements SchedulingConfigurer, Ordered {

	private final XRayScheduledTaskHandler handler;

	ScheduledTaskObservationConfigurer(XRayScheduledTaskHandler handler) {
		this.handler = handler;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (registrar.getObservationRegistry() == null) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(this.handler);
			registrar.setObservationRegistry(registry);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
