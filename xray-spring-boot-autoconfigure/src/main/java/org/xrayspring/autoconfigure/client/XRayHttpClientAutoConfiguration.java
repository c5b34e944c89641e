package org.xrayspring.autoconfigure.client;

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
import org.springframework.web.reactive.function.client.WebClient;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of outbound HTTP
 * tracing. An {@link XRayClientHttpRequestInterceptor} is added to the {@code RestTemplateBuilder} and
 * {@code RestClient.Builder} Boot provides (through customizers) and to {@code RestTemplate}, {@code RestClient}
 * and {@code RestClient.Builder} beans the application defines (through a bean post-processor); likewise an
 * {@link XRayExchangeFilterFunction} for {@code WebClient}. A client that already has one is left alone, so no
 * call is traced twice.
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
	static RestClientsBeanPostProcessor xrayRestClientsBeanPostProcessor(
			ObjectProvider<XRayClientHttpRequestInterceptor> interceptor) {
		return new RestClientsBeanPostProcessor(interceptor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestTemplateCustomizer.class)
	static class RestTemplateCustomizerConfiguration {

		@Bean
		RestTemplateCustomizer xrayRestTemplateCustomizer(XRayClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> RestClientsBeanPostProcessor.apply(restTemplate, interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientCustomizerConfiguration {

		@Bean
		RestClientCustomizer xrayRestClientCustomizer(XRayClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptors(
					(interceptors) -> RestClientsBeanPostProcessor.addIfAbsent(interceptors, interceptor));
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
		static WebClientsBeanPostProcessor xrayWebClientsBeanPostProcessor(
				ObjectProvider<XRayExchangeFilterFunction> filter) {
			return new WebClientsBeanPostProcessor(filter);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(WebClientCustomizer.class)
		static class WebClientCustomizerConfiguration {

			@Bean
			WebClientCustomizer xrayWebClientCustomizer(XRayExchangeFilterFunction filter) {
				return (builder) -> builder
					.filters((filters) -> WebClientsBeanPostProcessor.addIfAbsent(filters, filter));
			}

		}

	}

}
