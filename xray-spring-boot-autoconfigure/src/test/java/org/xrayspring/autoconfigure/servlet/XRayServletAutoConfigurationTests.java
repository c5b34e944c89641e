package org.xrayspring.autoconfigure.servlet;

import java.util.EnumSet;
import java.util.List;

import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.util.ReflectionTestUtils;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.lambda.LambdaTraceHeaderSource;

import org.xrayspring.autoconfigure.inbound.ExcludedPaths;

import static org.assertj.core.api.Assertions.assertThat;

class XRayServletAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayServletAutoConfiguration.class));

	@Test
	void registersFilterEarlyForRequestAndAsyncDispatches() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(FilterRegistrationBean.class).hasSingleBean(SegmentNamer.class);
			FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(XRayServletFilter.class);
			assertThat(registration.getOrder()).isEqualTo(XRayServletAutoConfiguration.FILTER_ORDER);
			assertThat(ReflectionTestUtils.getField(registration, "dispatcherTypes"))
				.isEqualTo(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
			assertThat(registration.isAsyncSupported()).isTrue();
		});
	}

	@Test
	void segmentNameDefaultsToApplication() {
		this.contextRunner.run((context) -> assertThat(nameFor(context.getBean(SegmentNamer.class), "any.host"))
			.isEqualTo("application"));
	}

	@Test
	void outsideLambdaTheFilterRecordsSegments() {
		this.contextRunner
			.run((context) -> assertThat(ReflectionTestUtils.getField(filter(context), "lambda")).isNull());
	}

	@Test
	void inLambdaTheFilterReadsTheInvocationsTraceHeader() {
		this.contextRunner.withPropertyValues("AWS_LAMBDA_FUNCTION_NAME=orders")
			.run((context) -> assertThat(ReflectionTestUtils.getField(filter(context), "lambda"))
				.isInstanceOf(LambdaTraceHeaderSource.class));
	}

	@Test
	void inLambdaAUserTraceHeaderSourceIsUsed() {
		LambdaTraceHeaderSource source = () -> null;
		this.contextRunner.withPropertyValues("AWS_LAMBDA_FUNCTION_NAME=orders")
			.withBean(LambdaTraceHeaderSource.class, () -> source)
			.run((context) -> assertThat(ReflectionTestUtils.getField(filter(context), "lambda")).isSameAs(source));
	}

	private static XRayServletFilter filter(AssertableWebApplicationContext context) {
		@SuppressWarnings("unchecked")
		FilterRegistrationBean<XRayServletFilter> registration = context.getBean(FilterRegistrationBean.class);
		return registration.getFilter();
	}

	@Test
	void segmentNameFromSpringApplicationName() {
		this.contextRunner.withPropertyValues("spring.application.name=orders")
			.run((context) -> assertThat(nameFor(context.getBean(SegmentNamer.class), "any.host")).isEqualTo("orders"));
	}

	@Test
	void serviceNamePropertyWinsOverApplicationName() {
		this.contextRunner.withPropertyValues("spring.application.name=orders", "xray.service-name=orders-api")
			.run((context) -> assertThat(nameFor(context.getBean(SegmentNamer.class), "any.host"))
				.isEqualTo("orders-api"));
	}

	@Test
	void withoutHostPatternNoHeaderIsRead() {
		this.contextRunner.withPropertyValues("spring.application.name=orders").run((context) -> {
			HeaderCountingRequest request = new HeaderCountingRequest();
			request.addHeader("Host", "api.example.com");
			assertThat(context.getBean(SegmentNamer.class).nameFor(request)).isEqualTo("orders");
			assertThat(request.headerReads).isZero();
		});
		this.contextRunner.withPropertyValues("xray.naming.host-pattern=*.example.com").run((context) -> {
			HeaderCountingRequest request = new HeaderCountingRequest();
			request.addHeader("Host", "api.example.com");
			assertThat(context.getBean(SegmentNamer.class).nameFor(request)).isEqualTo("api.example.com");
			assertThat(request.headerReads).isOne();
		});
	}

	@Test
	void dynamicNamingWithHostPattern() {
		this.contextRunner
			.withPropertyValues("spring.application.name=orders", "xray.naming.host-pattern=*.example.com")
			.run((context) -> {
				SegmentNamer namer = context.getBean(SegmentNamer.class);
				assertThat(nameFor(namer, "api.EXAMPLE.com:8443")).isEqualTo("api.EXAMPLE.com");
				assertThat(nameFor(namer, "other.org")).isEqualTo("orders");
				assertThat(nameFor(namer, null)).isEqualTo("orders");
			});
	}

	@Test
	void userSegmentNamerWins() {
		SegmentNamer own = (request) -> "mine";
		this.contextRunner.withBean(SegmentNamer.class, () -> own)
			.run((context) -> assertThat(context.getBean(SegmentNamer.class)).isSameAs(own));
	}

	@Test
	void userFilterWins() {
		this.contextRunner
			.withBean("myFilter", XRayServletFilter.class,
					() -> new XRayServletFilter(org.xrayspring.recorder.XRayRecorder.builder().build(),
							SegmentNamer.fixed("x"), false))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void backsOffWhenServletInstrumentationDisabled() {
		this.contextRunner.withPropertyValues("xray.instrumentation.servlet.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class)
				.doesNotHaveBean(SegmentNamer.class));
	}

	@Test
	void backsOffWhenXRayDisabled() {
		this.contextRunner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void backsOffWithoutServletApi() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(jakarta.servlet.Filter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void backsOffInNonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayServletAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

	@Test
	void noPathIsExcludedByDefault() {
		this.contextRunner.run((context) -> assertThat(excludedPatterns(context)).isEmpty());
	}

	@Test
	void excludedPathsFromProperty() {
		this.contextRunner.withPropertyValues("xray.http.excluded-paths=/actuator/**, /health")
			.run((context) -> assertThat(excludedPatterns(context)).containsExactly("/actuator/**", "/health"));
	}

	@Test
	void excludedPathNotStartingWithASlashFailsStartup() {
		this.contextRunner.withPropertyValues("xray.http.excluded-paths=/ok/**,actuator/**")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("xray.http.excluded-paths")
				.hasMessageContaining("'actuator/**'"));
	}

	@Test
	void embeddedConsoleBasePathIsAlwaysExcluded() {
		this.contextRunner.withPropertyValues("xray.console.enabled=true", "xray.http.excluded-paths=/actuator/**")
			.run((context) -> assertThat(excludedPatterns(context)).containsExactly("/actuator/**", "/xray/**"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/console      | ''     | /console/**
			console/      | ''     | /console/**
			' /a/b/ '     | /      | /a/b/**
			/xray         | /app/  | /app/xray/**
			/xray         | app    | /app/xray/**
			''            | ''     | /**
			""")
	void embeddedConsolePathsUnderItsBasePathAndTheDispatcherServletPath(String basePath, String servletPath,
			String expected) {
		this.contextRunner
			.withPropertyValues("xray.console.enabled=true", "xray.console.base-path=" + basePath,
					"spring.mvc.servlet.path=" + servletPath)
			.run((context) -> assertThat(excludedPatterns(context)).containsExactly(expected));
	}

	@Test
	void disabledConsoleExcludesNothing() {
		this.contextRunner.withPropertyValues("xray.console.enabled=false", "xray.console.base-path=/xray")
			.run((context) -> assertThat(excludedPatterns(context)).isEmpty());
	}

	private static List<String> excludedPatterns(AssertableWebApplicationContext context) {
		XRayServletFilter filter = (XRayServletFilter) context.getBean(FilterRegistrationBean.class).getFilter();
		return ((ExcludedPaths) ReflectionTestUtils.getField(filter, "excludedPaths")).patterns();
	}

	private static final class HeaderCountingRequest extends MockHttpServletRequest {

		private int headerReads;

		@Override
		public String getHeader(String name) {
			this.headerReads++;
			return super.getHeader(name);
		}

	}

	private static String nameFor(SegmentNamer namer, String host) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		if (host != null) {
			request.addHeader("Host", host);
		}
		return namer.nameFor(request);
	}

}
