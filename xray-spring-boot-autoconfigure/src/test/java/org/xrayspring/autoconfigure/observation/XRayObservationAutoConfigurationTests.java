package org.xrayspring.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.annotation.Observed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XRayObservationAutoConfiguration}, with Spring Boot's observation
 * auto-configuration applying the handler to its registry.
 */
class XRayObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, ObservationAutoConfiguration.class,
				XRayObservationAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new)
		.withPropertyValues("xray.sampling.rate=1");

	@Test
	void bootAppliesTheHandlerToItsRegistry() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XRayObservationHandler.class);
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			recorder.beginSegment("boot");
			Observation.createNotStarted("inventory.check", registry).observe(() -> {
			});
			recorder.endSegment();
			JsonNode root = context.getBean(InMemoryEmitter.class).validDocuments().get(0);
			assertThat(root.path("subsegments").get(0).path("name").asString()).isEqualTo("inventory.check");
		});
	}

	@Test
	void observedMethodsAreRecorded() {
		this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withUserConfiguration(ObservedConfiguration.class)
			.withPropertyValues("management.observations.annotations.enabled=true")
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				recorder.beginSegment("boot");
				assertThat(context.getBean(StockService.class).count("book")).isEqualTo(3);
				recorder.endSegment();
				JsonNode root = context.getBean(InMemoryEmitter.class).validDocuments().get(0);
				JsonNode observed = root.path("subsegments").get(0);
				assertThat(observed.path("name").asString()).isEqualTo("stock-count");
				assertThat(observed.path("annotations").path("class").asString()).contains("StockService");
				assertThat(observed.path("annotations").path("method").asString()).isEqualTo("count");
			});
	}

	@Test
	void backsOffWithoutMicrometerObservation() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(XRayObservationHandler.class));
	}

	@Test
	void leavesObservationsAloneWithoutBootsObservationSupport() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistryCustomizer.class)).run((context) -> {
			assertThat(context).hasSingleBean(XRayObservationHandler.class);
			assertThat(context).doesNotHaveBean(UnhandledObservationPredicate.class);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("xray.instrumentation.observation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayObservationHandler.class));
	}

	@Test
	void backsOffWhenXRayIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRayRecorder.class);
			assertThat(context).doesNotHaveBean(XRayObservationHandler.class);
		});
	}

	@Test
	void userHandlerWins() {
		XRayObservationHandler mine = new XRayObservationHandler(XRayRecorder.builder().build());
		this.runner.withBean("myHandler", XRayObservationHandler.class, () -> mine).run((context) -> {
			assertThat(context).hasSingleBean(XRayObservationHandler.class);
			assertThat(context.getBean(XRayObservationHandler.class)).isSameAs(mine);
		});
	}

	@Test
	void observationsNoHandlerSupportsAreTurnedOff() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(UnhandledObservationPredicate.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			assertThat(serverRequestObservation(registry).isNoop()).isTrue();
			assertThat(Observation.createNotStarted("inventory.check", registry).isNoop()).isFalse();
		});
	}

	@Test
	void observationsAnotherHandlerSupportsStayOn() {
		this.runner
			.withBean("metrics", ObservationHandler.class,
					() -> (ObservationHandler<Observation.Context>) (observation) -> "http.server.requests"
						.equals(observation.getName()))
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(serverRequestObservation(registry).isNoop()).isFalse();
			});
	}

	@Test
	void everyObservationStaysOnWhenACustomizerMayHaveAddedHandlers() {
		this.runner.withBean(ObservationRegistryCustomizer.class,
				() -> (ObservationRegistryCustomizer<ObservationRegistry>) (registry) -> {
				})
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(serverRequestObservation(registry).isNoop()).isFalse();
			});
	}

	@Test
	void everyObservationStaysOnWithoutXRay() {
		this.runner.withPropertyValues("xray.enabled=false")
			.withBean("metrics", ObservationHandler.class,
					() -> (ObservationHandler<Observation.Context>) (observation) -> false)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(UnhandledObservationPredicate.class);
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(serverRequestObservation(registry).isNoop()).isFalse();
			});
	}

	private static Observation serverRequestObservation(ObservationRegistry registry) {
		return Observation.createNotStarted("http.server.requests",
				() -> new ServerRequestObservationContext(new MockHttpServletRequest(), new MockHttpServletResponse()),
				registry);
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservedConfiguration {

		@Bean
		StockService stockService() {
			return new StockService();
		}

	}

	static class StockService {

		@Observed(name = "stock.count", contextualName = "stock-count")
		public int count(String item) {
			return 3;
		}

	}

}
