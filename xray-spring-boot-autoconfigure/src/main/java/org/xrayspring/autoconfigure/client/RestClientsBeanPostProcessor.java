package org.xrayspring.autoconfigure.client;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Adds the {@link XRayClientHttpRequestInterceptor} to {@code RestTemplate}, {@code RestClient} and
 * {@code RestClient.Builder} beans that do not have one yet, for clients the application builds itself rather than
 * from Boot's builders. A {@code RestClient} is immutable: the bean is replaced by a copy built from
 * {@link RestClient#mutate()} with the interceptor added.
 */
final class RestClientsBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<XRayClientHttpRequestInterceptor> interceptor;

	RestClientsBeanPostProcessor(ObjectProvider<XRayClientHttpRequestInterceptor> interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplate restTemplate) {
			apply(restTemplate, this.interceptor.getObject());
		}
		else if (bean instanceof RestClient restClient) {
			return apply(restClient, this.interceptor.getObject());
		}
		else if (bean instanceof RestClient.Builder builder) {
			builder.requestInterceptors((interceptors) -> addIfAbsent(interceptors, this.interceptor.getObject()));
		}
		return bean;
	}

	static void apply(RestTemplate restTemplate, XRayClientHttpRequestInterceptor interceptor) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
		if (addIfAbsent(interceptors, interceptor)) {
			// setInterceptors (rather than adding to the live list) drops a cached intercepting request factory
			restTemplate.setInterceptors(interceptors);
		}
	}

	static RestClient apply(RestClient restClient, XRayClientHttpRequestInterceptor interceptor) {
		boolean[] added = new boolean[1];
		RestClient.Builder builder = restClient.mutate()
			.requestInterceptors((interceptors) -> added[0] = addIfAbsent(interceptors, interceptor));
		return added[0] ? builder.build() : restClient;
	}

	/**
	 * Adds the interceptor last (closest to the network, so that each retry of an outer interceptor is traced)
	 * unless an X-Ray interceptor is already in the list.
	 * @param interceptors the interceptors
	 * @param interceptor the interceptor to add
	 * @return whether it was added
	 */
	static boolean addIfAbsent(List<ClientHttpRequestInterceptor> interceptors,
			XRayClientHttpRequestInterceptor interceptor) {
		for (ClientHttpRequestInterceptor existing : interceptors) {
			if (existing instanceof XRayClientHttpRequestInterceptor) {
				return false;
			}
		}
		interceptors.add(interceptor);
		return true;
	}

}
