package org.xrayspring.autoconfigure.webflux;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.server.WebExceptionHandler;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class XRayWebFluxAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayWebFluxAutoConfiguration.class))
		.withPropertyValues("xray.aws.environment=none");

	@Test
	void decoratesTheHandlerAndNotesExceptionsFirst() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(HttpHandlerDecoratorFactory.class)
				.hasSingleBean(ReactiveSegmentNamer.class)
				.hasSingleBean(WebExceptionHandler.class);
			assertThat(context.getBean(HttpHandlerDecoratorFactory.class).apply((request, response) -> null))
				.isInstanceOf(XRayWebFluxHandler.class);
			assertThat(context.getBean(XRayWebExceptionRecorder.class).getOrder())
				.isLessThan(-2 /* Boot's error handler is -1, Spring's status handler 0 */);
		});
	}

	@Test
	void notInServletApplications() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayWebFluxAutoConfiguration.class))
			.withPropertyValues("xray.aws.environment=none")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpHandlerDecoratorFactory.class)
				.doesNotHaveBean(ReactiveSegmentNamer.class));
	}

	@Test
	void switchedOff() {
		this.runner.withPropertyValues("xray.instrumentation.webflux.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpHandlerDecoratorFactory.class)
				.doesNotHaveBean(XRayWebExceptionRecorder.class));
	}

	@Test
	void withoutRecorderNothingIsTraced() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpHandlerDecoratorFactory.class));
	}

	@Test
	void namesSegmentsFromTheServletFiltersProperties() {
		this.runner.withPropertyValues("spring.application.name=orders", "xray.naming.host-pattern=*.example.com")
			.run((context) -> {
				ReactiveSegmentNamer namer = context.getBean(ReactiveSegmentNamer.class);
				assertThat(namer.nameFor(MockServerHttpRequest.get("/").header("Host", "api.example.com:8443").build()))
					.isEqualTo("api.example.com");
				assertThat(namer.nameFor(MockServerHttpRequest.get("/").header("Host", "evil.test").build()))
					.isEqualTo("orders");
			});
		this.runner.withPropertyValues("spring.application.name=orders")
			.run((context) -> assertThat(context.getBean(ReactiveSegmentNamer.class)
				.nameFor(MockServerHttpRequest.get("/").header("Host", "api.example.com").build()))
				.isEqualTo("orders"));
		this.runner.withPropertyValues("spring.application.name=orders", "xray.service-name=checkout")
			.run((context) -> assertThat(context.getBean(ReactiveSegmentNamer.class)
				.nameFor(MockServerHttpRequest.get("/").header("Host", "api.example.com").build()))
				.isEqualTo("checkout"));
	}

	@Test
	void aNamerBeanOfTheApplicationWins() {
		ReactiveSegmentNamer own = (request) -> "own";
		this.runner.withBean(ReactiveSegmentNamer.class, () -> own)
			.run((context) -> assertThat(context.getBean(ReactiveSegmentNamer.class)).isSameAs(own));
	}

	@Test
	void anExcludedPathThatCouldNeverMatchFailsTheStart() {
		this.runner.withPropertyValues("xray.http.excluded-paths=actuator/**")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class)
				.rootCause()
				.hasMessageContaining("xray.http.excluded-paths"));
	}

}
