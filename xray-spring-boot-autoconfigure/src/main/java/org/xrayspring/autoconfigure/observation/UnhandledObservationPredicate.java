package org.xrayspring.autoconfigure.observation;

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;

/**
 * Turns off the observations that no handler supports.
 * <p>
 * Micrometer makes every observation a no-op while a registry has no handler at all, and
 * a full one (context, key values from its convention at start and stop, scopes) as soon
 * as it has one. The starter's handlers give the registry handlers in an application that
 * had none, and then Spring MVC's and WebFlux's {@code http.server.requests}
 * observations, which X-Ray's handlers skip because the servlet filter and the WebFlux
 * handler record the request, would be built for every request and seen by nobody (about
 * 5 µs of CPU per request in the end-to-end benchmark, BENCHMARKS.md). An observation
 * that some handler supports (a metrics or tracing handler, or one of the starter's) is
 * left alone; the handlers are asked when the observation is created (with the context
 * already named), as the registry asks them when it starts.
 * <p>
 * Spring Boot registers every {@link ObservationHandler} bean with the registry; a
 * handler added by an {@link ObservationRegistryCustomizer} cannot be seen from here, so
 * when there is any customizer bean every observation is left on. Until every singleton
 * exists, so is every observation.
 */
final class UnhandledObservationPredicate implements ObservationPredicate, SmartInitializingSingleton {

	private final ObjectProvider<ObservationHandler<?>> handlers;

	private final ObjectProvider<ObservationRegistryCustomizer<?>> customizers;

	/** The registry's handlers, or {@code null} while they are not all known. */
	private volatile @Nullable List<ObservationHandler<?>> known;

	UnhandledObservationPredicate(ObjectProvider<ObservationHandler<?>> handlers,
			ObjectProvider<ObservationRegistryCustomizer<?>> customizers) {
		this.handlers = handlers;
		this.customizers = customizers;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.customizers.stream().findAny().isEmpty()) {
			this.known = this.handlers.orderedStream().toList();
		}
	}

	@Override
	public boolean test(String name, Observation.Context context) {
		List<ObservationHandler<?>> known = this.known;
		if (known == null) {
			return true;
		}
		if (context.getName() == null) {
			// the registry names the context only after its predicates; handlers that
			// choose by name would otherwise see none
			context.setName(name);
		}
		for (ObservationHandler<?> handler : known) {
			if (handler.supportsContext(context)) {
				return true;
			}
		}
		return false;
	}

}
