package org.xrayspring.autoconfigure.httpclient;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;

import static org.assertj.core.api.Assertions.assertThat;

class XRayHttpClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayHttpClientAutoConfiguration.class,
				RestTemplateAutoConfiguration.class, RestClientAutoConfiguration.class,
				WebClientAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new);

	@Test
	void instrumentsClientsFromBootsBuildersOnce() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(XRayClientHttpRequestInterceptor.class)
				.hasSingleBean(XRayExchangeFilterFunction.class);
			XRayClientHttpRequestInterceptor interceptor = context.getBean(XRayClientHttpRequestInterceptor.class);
			assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors())
				.containsExactly(interceptor);
			assertThat(interceptors(context.getBean(RestClient.Builder.class).build())).containsExactly(interceptor);
			assertThat(filters(context.getBean(WebClient.Builder.class).build()))
				.containsExactly(context.getBean(XRayExchangeFilterFunction.class));
		});
	}

	@Test
	void instrumentsClientBeansOnce() {
		this.contextRunner.withUserConfiguration(UserClients.class).run((context) -> {
			XRayClientHttpRequestInterceptor interceptor = context.getBean(XRayClientHttpRequestInterceptor.class);
			XRayExchangeFilterFunction filter = context.getBean(XRayExchangeFilterFunction.class);
			assertThat(context.getBean("plainRestTemplate", RestTemplate.class).getInterceptors())
				.containsExactly(interceptor);
			assertThat(context.getBean("builtRestTemplate", RestTemplate.class).getInterceptors())
				.containsExactly(interceptor);
			assertThat(interceptors(context.getBean("plainRestClient", RestClient.class))).containsExactly(interceptor);
			assertThat(interceptors(context.getBean("builtRestClient", RestClient.class))).containsExactly(interceptor);
			assertThat(filters(context.getBean("plainWebClient", WebClient.class))).containsExactly(filter);
			assertThat(filters(context.getBean("builtWebClient", WebClient.class))).containsExactly(filter);
			assertThat(interceptors(context.getBean("ownRestClientBuilder", RestClient.Builder.class).build()))
				.containsExactly(interceptor);
		});
	}

	@ParameterizedTest(name = "xray.propagation.w3c={0}")
	@ValueSource(booleans = { true, false })
	void w3cPropagationPropertySwitchesEveryClient(boolean w3c) {
		this.contextRunner.withPropertyValues("xray.propagation.w3c=" + w3c).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			try (LoopbackHttpServer server = new LoopbackHttpServer()) {
				String url = server.url() + "/status/200";
				recorder.beginSegment("caller");
				try {
					context.getBean(RestTemplateBuilder.class).build().getForEntity(url, String.class);
					context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().toBodilessEntity();
					context.getBean(WebClient.Builder.class)
						.build()
						.get()
						.uri(url)
						.exchangeToMono((response) -> response.releaseBody())
						.block();
				}
				finally {
					recorder.endSegment();
				}
				for (int i = 0; i < 3; i++) {
					assertThat(server.takeW3CHeaders().get(0).equals(LoopbackHttpServer.NO_HEADER)).isEqualTo(!w3c);
					assertThat(server.takeHeader()).isNotEqualTo(LoopbackHttpServer.NO_HEADER);
				}
			}
		});
	}

	@Test
	void userInterceptorAndFilterWin() {
		XRayRecorder recorder = XRayRecorder.builder().build();
		XRayClientHttpRequestInterceptor interceptor = new XRayClientHttpRequestInterceptor(recorder);
		XRayExchangeFilterFunction filter = new XRayExchangeFilterFunction(recorder);
		this.contextRunner.withBean(XRayClientHttpRequestInterceptor.class, () -> interceptor)
			.withBean(XRayExchangeFilterFunction.class, () -> filter)
			.run((context) -> {
				assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors())
					.containsExactly(interceptor);
				assertThat(filters(context.getBean(WebClient.Builder.class).build())).containsExactly(filter);
			});
	}

	@Test
	void withoutBootsClientModulesStillInstrumentsClientBeans() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(XRayAutoConfiguration.class, XRayHttpClientAutoConfiguration.class))
			.withBean(Emitter.class, InMemoryEmitter::new)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.restclient",
					"org.springframework.boot.webclient"))
			.withUserConfiguration(PlainClients.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RestTemplateBuilder.class);
				assertThat(context.getBean(RestTemplate.class).getInterceptors())
					.containsExactly(context.getBean(XRayClientHttpRequestInterceptor.class));
				assertThat(filters(context.getBean(WebClient.class)))
					.containsExactly(context.getBean(XRayExchangeFilterFunction.class));
			});
	}

	@Test
	void withoutWebFluxOnlyRestClientsAreInstrumented() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(XRayClientHttpRequestInterceptor.class)
				.doesNotHaveBean(XRayExchangeFilterFunction.class)
				.hasSingleBean(ClientBeansPostProcessor.class)
				.doesNotHaveBean("xrayWebClientBeansPostProcessor"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("xray.instrumentation.http-client.enabled=false")
			.withUserConfiguration(UserClients.class)
			.run(this::assertNotInstrumented);
	}

	@Test
	void backsOffWhenXRayDisabled() {
		this.contextRunner.withPropertyValues("xray.enabled=false")
			.withUserConfiguration(UserClients.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(XRayRecorder.class);
				assertNotInstrumented(context);
			});
	}

	private void assertNotInstrumented(org.springframework.context.ApplicationContext context) {
		assertThat(context.getBeansOfType(XRayClientHttpRequestInterceptor.class)).isEmpty();
		assertThat(context.getBeansOfType(XRayExchangeFilterFunction.class)).isEmpty();
		assertThat(context.getBean(RestTemplateBuilder.class).build().getInterceptors()).isEmpty();
		assertThat(context.getBean("plainRestTemplate", RestTemplate.class).getInterceptors()).isEmpty();
		assertThat(interceptors(context.getBean("plainRestClient", RestClient.class))).isEmpty();
		assertThat(filters(context.getBean("plainWebClient", WebClient.class))).isEmpty();
	}

	static List<ClientHttpRequestInterceptor> interceptors(RestClient restClient) {
		List<ClientHttpRequestInterceptor> result = new ArrayList<>();
		restClient.mutate().requestInterceptors(result::addAll);
		return result;
	}

	static List<ExchangeFilterFunction> filters(WebClient webClient) {
		List<ExchangeFilterFunction> result = new ArrayList<>();
		webClient.mutate().filters(result::addAll);
		return result;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClients {

		@Bean
		RestTemplate plainRestTemplate() {
			return new RestTemplate();
		}

		@Bean
		RestTemplate builtRestTemplate(RestTemplateBuilder builder) {
			return builder.build();
		}

		@Bean
		RestClient plainRestClient() {
			return RestClient.create();
		}

		@Bean
		RestClient builtRestClient(RestClient.Builder builder) {
			return builder.build();
		}

		@Bean
		RestClient.Builder ownRestClientBuilder() {
			return RestClient.builder();
		}

		@Bean
		WebClient plainWebClient() {
			return WebClient.create();
		}

		@Bean
		WebClient builtWebClient(WebClient.Builder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainClients {

		@Bean
		RestTemplate restTemplate() {
			return new RestTemplate();
		}

		@Bean
		WebClient webClient() {
			return WebClient.create();
		}

	}

}
