package org.xrayspring.console.config;

import java.util.List;

import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;
import org.xrayspring.console.api.XRayConsoleRoutes;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.store.TraceStore;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link XRayConsoleAutoConfiguration}.
 *
 * @author xray-spring-boot
 */
class XRayConsoleAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayConsoleAutoConfiguration.class))
		.withPropertyValues("xray.console.udp-address=127.0.0.1:0");

	@Test
	void backsOffUnlessEnabled() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TraceStore.class)
			.doesNotHaveBean(XRayConsoleReceiver.class));
	}

	@Test
	void backsOffInNonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XRayConsoleAutoConfiguration.class))
			.withPropertyValues("xray.console.enabled=true", "xray.console.udp-address=127.0.0.1:0")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceStore.class));
	}

	@Test
	void providesReceiverStoreRulesAndRoutes() {
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.max-traces=5").run((context) -> {
			assertThat(context).hasSingleBean(TraceStore.class)
				.hasSingleBean(XRayConsoleReceiver.class)
				.hasSingleBean(SamplingRules.class)
				.hasSingleBean(XRayConsoleRoutes.class)
				.hasBean("xrayConsoleRouterFunction");
			assertThat(context.getBean(TraceStore.class).getStats().maxTraces()).isEqualTo(5);
			assertThat(context.getBean(XRayConsoleReceiver.class).isRunning()).isTrue();
		});
	}

	@Test
	void boundsStoreInBytesWithSmallHeapDefault() {
		this.runner.withPropertyValues("xray.console.enabled=true").run((context) -> {
			TraceStore.Stats stats = context.getBean(TraceStore.class).getStats();
			assertThat(stats.maxBytes()).isEqualTo(64L * 1024 * 1024);
			assertThat(stats.maxTraceBytes()).isEqualTo(16L * 1024 * 1024);
		});
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.max-store-size=8MB")
			.run((context) -> assertThat(context.getBean(TraceStore.class).getStats().maxBytes())
				.isEqualTo(8L * 1024 * 1024));
	}

	@Test
	void receiverCanBeDisabled() {
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.udp-enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(TraceStore.class)
				.doesNotHaveBean(XRayConsoleReceiver.class));
	}

	@Test
	void refusesNonLoopbackUdpAddressUnlessAllowed() {
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.udp-address=0.0.0.0:0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("xray.console.allow-remote"));
		this.runner
			.withPropertyValues("xray.console.enabled=true", "xray.console.udp-address=0.0.0.0:0",
					"xray.console.allow-remote=true")
			.run((context) -> assertThat(context.getBean(XRayConsoleReceiver.class).isRunning()).isTrue());
	}

	@Test
	void invalidSettingsFailWithTheNameAndValueOfTheProperty() {
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.relay-address=127.0.0.1:0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("xray.console.relay-address")));
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.sampling.rules[0].priority=1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("xray.console.sampling.rules[0].name")));
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.udp-address=localhost")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(ex) -> assertThat(ex.getName()).isEqualTo("xray.console.udp-address")));
	}

	@Test
	void refusesRemoteHttpClientsUnlessAllowed() throws Exception {
		this.runner.withPropertyValues("xray.console.enabled=true").run((context) -> {
			RouterFunction<ServerResponse> routes = context.getBean(XRayConsoleRoutes.class).routerFunction();
			assertThat(status(routes, "192.0.2.7")).isEqualTo(403);
			assertThat(status(routes, "127.0.0.1")).isEqualTo(200);
		});
		this.runner.withPropertyValues("xray.console.enabled=true", "xray.console.allow-remote=true").run((context) -> {
			RouterFunction<ServerResponse> routes = context.getBean(XRayConsoleRoutes.class).routerFunction();
			assertThat(status(routes, "192.0.2.7")).isEqualTo(200);
			// Remote clients are answered, DNS rebinding still is not.
			assertThat(status(routes, "192.0.2.7", "rebound.example")).isEqualTo(403);
		});
	}

	@Test
	void answersConfiguredHostsAndTheServerAddressOnly() {
		this.runner
			.withPropertyValues("xray.console.enabled=true", "xray.console.allowed-hosts=console.test,Box.Lan:8080",
					"server.address=devbox")
			.run((context) -> {
				RouterFunction<ServerResponse> routes = context.getBean(XRayConsoleRoutes.class).routerFunction();
				assertThat(status(routes, "127.0.0.1", "console.test:2000")).isEqualTo(200);
				assertThat(status(routes, "127.0.0.1", "DevBox")).isEqualTo(200);
				assertThat(status(routes, "127.0.0.1", "box.lan:2000")).isEqualTo(200);
				assertThat(status(routes, "127.0.0.1", "localhost:2000")).isEqualTo(200);
				assertThat(status(routes, "127.0.0.1", "evil.example:2000")).isEqualTo(403);
			});
		this.runner.withPropertyValues("xray.console.enabled=true", "server.address=0.0.0.0").run((context) -> {
			RouterFunction<ServerResponse> routes = context.getBean(XRayConsoleRoutes.class).routerFunction();
			assertThat(status(routes, "127.0.0.1", "0.0.0.0:2000")).isEqualTo(403);
			assertThat(status(routes, "127.0.0.1", "127.0.0.1:2000")).isEqualTo(200);
		});
	}

	@Test
	void readsThePeerAddressOnTomcatOnly() {
		this.runner.withPropertyValues("xray.console.enabled=true")
			.run((context) -> assertThat(context).hasBean("xrayConsolePeerAddressCustomizer"));
		this.runner.withPropertyValues("xray.console.enabled=true")
			.withClassLoader(new FilteredClassLoader(ValveBase.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("xrayConsolePeerAddressCustomizer"));
	}

	private static int status(RouterFunction<ServerResponse> routes, String remoteAddress) throws Exception {
		return status(routes, remoteAddress, null);
	}

	private static int status(RouterFunction<ServerResponse> routes, String remoteAddress, String host)
			throws Exception {
		MockHttpServletRequest servletRequest = new MockHttpServletRequest("POST", "/xray/GetSamplingRules");
		if (host != null) {
			servletRequest.addHeader("Host", host);
		}
		servletRequest.setRemoteAddr(remoteAddress);
		servletRequest.setContentType("application/json");
		servletRequest.setContent("{}".getBytes());
		List<HttpMessageConverter<?>> converters = List.of();
		ServerRequest request = ServerRequest.create(servletRequest, converters);
		HandlerFunction<ServerResponse> handler = routes.route(request).orElseThrow();
		return handler.handle(request).statusCode().value();
	}

	@Test
	void normalizesBasePath() {
		assertThat(XRayConsoleAutoConfiguration.normalize("xray/")).isEqualTo("/xray");
		assertThat(XRayConsoleAutoConfiguration.normalize("/")).isEmpty();
		assertThat(XRayConsoleAutoConfiguration.normalize("")).isEmpty();
	}

	@Test
	void parsesAddresses() {
		assertThat(XRayConsoleAutoConfiguration.parseAddress("p", "127.0.0.1:2000").getPort()).isEqualTo(2000);
		assertThat(XRayConsoleAutoConfiguration.parseAddress("p", "[::1]:2001").getAddress().isLoopbackAddress())
			.isTrue();
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> XRayConsoleAutoConfiguration.parseAddress("p", "2000"))
			.withMessageContaining("host:port")
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("p"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> XRayConsoleAutoConfiguration.parseAddress("p", "localhost:70000"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("localhost:70000"));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> XRayConsoleAutoConfiguration.parseAddress("p", "localhost:port"));
	}

}
