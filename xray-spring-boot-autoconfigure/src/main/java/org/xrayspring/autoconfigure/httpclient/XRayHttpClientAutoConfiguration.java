package org.xrayspring.autoconfigure.httpclient;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.httpclient.ClientBeansPostProcessor.TracedClient;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of outbound HTTP tracing. An
 * {@link XRayClientHttpRequestInterceptor} is added to the {@code RestTemplateBuilder}
 * and {@code RestClient.Builder} Boot provides (through Boot's
 * {@code RestTemplateCustomizer} and {@code RestClientCustomizer}), likewise an
 * {@link XRayExchangeFilterFunction} to Boot's {@code WebClient.Builder} (through a
 * {@code WebClientCustomizer}). Client and builder beans the application builds itself
 * are reached by a {@link ClientBeansPostProcessor}. A client that already has one is
 * left alone, so no call is traced twice.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.http-client.enabled", matchIfMissing = true)
public final class XRayHttpClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	XRayClientHttpRequestInterceptor xrayClientHttpRequestInterceptor(XRayRecorder recorder,
			XRayProperties properties) {
		return new XRayClientHttpRequestInterceptor(recorder, properties.getPropagation().isW3c());
	}

	@Bean
	static ClientBeansPostProcessor xrayRestClientBeansPostProcessor(
			ObjectProvider<XRayClientHttpRequestInterceptor> interceptor) {
		return new ClientBeansPostProcessor(
				new TracedClient<>(RestTemplate.class, (restTemplate) -> addTo(restTemplate, interceptor.getObject())),
				new TracedClient<>(RestClient.class, (restClient) -> tracedCopy(restClient, interceptor.getObject())),
				new TracedClient<>(RestClient.Builder.class, (builder) -> addTo(builder, interceptor.getObject())));
	}

	static RestTemplate addTo(RestTemplate restTemplate, XRayClientHttpRequestInterceptor interceptor) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>(restTemplate.getInterceptors());
		if (ClientBeansPostProcessor.addIfAbsent(interceptors, interceptor)) {
			// setInterceptors (rather than adding to the live list) drops a cached
			// intercepting request factory
			restTemplate.setInterceptors(interceptors);
		}
		return restTemplate;
	}

	static RestClient.Builder addTo(RestClient.Builder builder, XRayClientHttpRequestInterceptor interceptor) {
		return builder
			.requestInterceptors((interceptors) -> ClientBeansPostProcessor.addIfAbsent(interceptors, interceptor));
	}

	/**
	 * A {@code RestClient} is immutable: a traced one is a copy built from
	 * {@link RestClient#mutate()}.
	 * @param restClient the client
	 * @param interceptor the interceptor
	 * @return a copy with the interceptor, or the client itself when it already has one
	 */
	static RestClient tracedCopy(RestClient restClient, XRayClientHttpRequestInterceptor interceptor) {
		boolean[] added = new boolean[1];
		RestClient.Builder builder = restClient.mutate()
			.requestInterceptors(
					(interceptors) -> added[0] = ClientBeansPostProcessor.addIfAbsent(interceptors, interceptor));
		return added[0] ? builder.build() : restClient;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestTemplateCustomizer.class)
	static class RestTemplateCustomizerConfiguration {

		@Bean
		RestTemplateCustomizer xrayRestTemplateCustomizer(XRayClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> addTo(restTemplate, interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientCustomizerConfiguration {

		@Bean
		RestClientCustomizer xrayRestClientCustomizer(XRayClientHttpRequestInterceptor interceptor) {
			return (builder) -> addTo(builder, interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClient.class)
	static class WebClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		XRayExchangeFilterFunction xrayExchangeFilterFunction(XRayRecorder recorder, XRayProperties properties) {
			return new XRayExchangeFilterFunction(recorder, properties.getPropagation().isW3c());
		}

		@Bean
		static ClientBeansPostProcessor xrayWebClientBeansPostProcessor(
				ObjectProvider<XRayExchangeFilterFunction> filter) {
			return new ClientBeansPostProcessor(
					new TracedClient<>(WebClient.class, (webClient) -> tracedCopy(webClient, filter.getObject())),
					new TracedClient<>(WebClient.Builder.class, (builder) -> addTo(builder, filter.getObject())));
		}

		static WebClient.Builder addTo(WebClient.Builder builder, XRayExchangeFilterFunction filter) {
			return builder.filters((filters) -> ClientBeansPostProcessor.addIfAbsent(filters, filter));
		}

		/**
		 * A {@code WebClient} is immutable: a traced one is a copy built from
		 * {@link WebClient#mutate()}.
		 * @param webClient the client
		 * @param filter the filter
		 * @return a copy with the filter, or the client itself when it already has one
		 */
		static WebClient tracedCopy(WebClient webClient, XRayExchangeFilterFunction filter) {
			boolean[] added = new boolean[1];
			WebClient.Builder builder = webClient.mutate()
				.filters((filters) -> added[0] = ClientBeansPostProcessor.addIfAbsent(filters, filter));
			return added[0] ? builder.build() : webClient;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(WebClientCustomizer.class)
		static class WebClientCustomizerConfiguration {

			@Bean
			WebClientCustomizer xrayWebClientCustomizer(XRayExchangeFilterFunction filter) {
				return (builder) -> addTo(builder, filter);
			}

		}

	}

}
