package org.xrayspring.autoconfigure.observation;

import io.micrometer.observation.ObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link XRayObservationHandler}. Spring Boot's observation
 * auto-configuration registers every {@link ObservationHandler} bean with its
 * {@code ObservationRegistry}; handlers that belong to no handler group (this one) are
 * added on their own, so it sees every observation next to tracing and metrics handlers.
 * The {@link UnhandledObservationPredicate} keeps the handlers the starter brings from
 * turning on observations that no handler records.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass(ObservationHandler.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.observation.enabled", matchIfMissing = true)
public final class XRayObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	XRayObservationHandler xrayObservationHandler(XRayRecorder recorder) {
		return new XRayObservationHandler(recorder);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObservationRegistryCustomizer.class)
	static class UnhandledObservationsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		UnhandledObservationPredicate xrayUnhandledObservationPredicate(ObjectProvider<ObservationHandler<?>> handlers,
				ObjectProvider<ObservationRegistryCustomizer<?>> customizers) {
			return new UnhandledObservationPredicate(handlers, customizers);
		}

	}

}
