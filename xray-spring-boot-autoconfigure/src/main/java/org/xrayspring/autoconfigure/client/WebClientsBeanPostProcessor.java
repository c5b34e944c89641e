package org.xrayspring.autoconfigure.client;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds the {@link XRayExchangeFilterFunction} to {@code WebClient} and {@code WebClient.Builder} beans that do not
 * have one yet. A {@code WebClient} is immutable: the bean is replaced by a copy built from
 * {@link WebClient#mutate()} with the filter added.
 */
final class WebClientsBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<XRayExchangeFilterFunction> filter;

	WebClientsBeanPostProcessor(ObjectProvider<XRayExchangeFilterFunction> filter) {
		this.filter = filter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof WebClient webClient) {
			boolean[] added = new boolean[1];
			WebClient.Builder builder = webClient.mutate()
				.filters((filters) -> added[0] = addIfAbsent(filters, this.filter.getObject()));
			return added[0] ? builder.build() : webClient;
		}
		if (bean instanceof WebClient.Builder builder) {
			builder.filters((filters) -> addIfAbsent(filters, this.filter.getObject()));
		}
		return bean;
	}

	/**
	 * Adds the filter last (closest to the network) unless an X-Ray filter is already in the list.
	 * @param filters the filters
	 * @param filter the filter to add
	 * @return whether it was added
	 */
	static boolean addIfAbsent(List<ExchangeFilterFunction> filters, XRayExchangeFilterFunction filter) {
		for (ExchangeFilterFunction existing : filters) {
			if (existing instanceof XRayExchangeFilterFunction) {
				return false;
			}
		}
		filters.add(filter);
		return true;
	}

}
