package org.xrayspring.autoconfigure.httpclient;

import java.util.List;
import java.util.function.UnaryOperator;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Traces HTTP client beans the application builds itself, where Boot's client customizers
 * do not reach: a {@code RestClient} or {@code WebClient} built with its static
 * {@code builder()}, a {@code new RestTemplate()}, a builder bean of the application's
 * own. Clients from Boot's builders are traced by those customizers (see
 * {@link XRayHttpClientAutoConfiguration}); this adds nothing to them, since each X-Ray
 * element is added once.
 * <p>
 * One instance per client library, so that WebFlux's types are only loaded where WebFlux
 * is present.
 */
final class ClientBeansPostProcessor implements BeanPostProcessor {

	private final List<TracedClient<?>> clients;

	ClientBeansPostProcessor(TracedClient<?>... clients) {
		this.clients = List.of(clients);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		for (TracedClient<?> client : this.clients) {
			if (client.type().isInstance(bean)) {
				return client.trace(bean);
			}
		}
		return bean;
	}

	/**
	 * Adds an X-Ray interceptor or filter last (closest to the network, so that each
	 * retry of an outer one is traced) unless one of its type is already in the list.
	 * @param <E> the type of the list's elements
	 * @param elements a client's or builder's interceptors or filters
	 * @param element the X-Ray interceptor or filter
	 * @return whether it was added
	 */
	static <E> boolean addIfAbsent(List<E> elements, E element) {
		for (E existing : elements) {
			if (element.getClass().isInstance(existing)) {
				return false;
			}
		}
		elements.add(element);
		return true;
	}

	/**
	 * How beans of one client type are traced.
	 *
	 * @param <T> the client (or builder) type
	 * @param type the client (or builder) type
	 * @param tracing returns the traced bean: the same one with the X-Ray element added,
	 * or, for an immutable client, a copy with it
	 */
	record TracedClient<T>(Class<T> type, UnaryOperator<T> tracing) {

		Object trace(Object bean) {
			return this.tracing.apply(this.type.cast(bean));
		}

	}

}
