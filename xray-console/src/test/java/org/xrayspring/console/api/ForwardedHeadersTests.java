package org.xrayspring.console.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xrayspring.console.RawHttp;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ForwardedHeaderFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loopback-only check decides on the connection's own peer address, whatever
 * forwarded headers say and whichever {@code server.forward-headers-strategy} the host
 * application uses.
 *
 * @author xray-spring-boot
 */
class ForwardedHeadersTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "framework|X-Forwarded-For|203.0.113.9", "framework|Forwarded|for=203.0.113.9",
					"native|X-Forwarded-For|203.0.113.9", "native|X-Forwarded-For|203.0.113.9, 10.0.0.1",
					"none|X-Forwarded-For|203.0.113.9" })
	void loopbackClientIsAnsweredWhateverItsForwardedHeadersSay(String strategy, String header, String value) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(XRayApiTests.TestApplication.class)
			.run("--server.port=0", "--server.address=127.0.0.1", "--xray.console.enabled=true",
					"--xray.console.udp-enabled=false", "--server.forward-headers-strategy=" + strategy)) {
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			RawHttp.Response response = RawHttp.to(port).get("/xray/console/status").header(header, value).send();
			assertThat(response.status()).isEqualTo(200);
			assertThat(RawHttp.to(port).get("/xray/").header(header, value).send().status()).isEqualTo(200);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1", "127.0.0.1, 127.0.0.1" })
	void remotePeerIsRefusedWhenSpringsForwardedHeaderFilterClaimsLoopback(String forwardedFor) throws Exception {
		MockHttpServletRequest request = remoteRequest();
		request.addHeader("X-Forwarded-For", forwardedFor);
		HttpServletRequest forwarded = throughForwardedHeaderFilter(request);
		assertThat(forwarded.getRemoteAddr()).as("what the application sees").isNotEqualTo("192.0.2.10");
		assertThat(guard().check(forwarded)).isNotNull()
			.satisfies((refusal) -> assertThat(refusal.getType()).isEqualTo("AccessDeniedException"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "0:0:0:0:0:0:0:1" })
	void remotePeerIsRefusedWhenTheContainerRewroteTheRemoteAddress(String rewritten) {
		// What Tomcat's RemoteIpValve leaves behind: the remote address rewritten, the
		// peer kept by the valve.
		MockHttpServletRequest request = remoteRequest();
		request.setAttribute(RequestGuard.PEER_ADDRESS_ATTRIBUTE, "192.0.2.10");
		request.setRemoteAddr(rewritten);
		assertThat(guard().check(request)).isNotNull();
		assertThat(guard().check(new HttpServletRequestWrapper(request))).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "::1" })
	void loopbackPeerIsAnsweredThroughAnyWrapper(String peer) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/xray/console/status");
		request.addHeader("Host", "127.0.0.1:2000");
		request.setRemoteAddr(peer);
		request.setAttribute(RequestGuard.PEER_ADDRESS_ATTRIBUTE, peer);
		request.addHeader("X-Forwarded-For", "203.0.113.9");
		assertThat(guard().check(throughForwardedHeaderFilter(request))).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "X-Forwarded-For", "Forwarded" })
	void forwardedRequestIsRefusedWhereTheContainerDoesNotTellThePeerAddress(String header) throws Exception {
		// As on Jetty with forward-headers-strategy=native: the remote address may be the
		// forwarded value.
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/xray/console/status");
		request.addHeader("Host", "127.0.0.1:2000");
		request.setRemoteAddr("127.0.0.1");
		request.addHeader(header, "127.0.0.1");
		assertThat(guard().check(request)).isNotNull();
		MockHttpServletRequest plain = new MockHttpServletRequest("GET", "/xray/console/status");
		plain.addHeader("Host", "127.0.0.1:2000");
		plain.setRemoteAddr("127.0.0.1");
		assertThat(guard().check(plain)).isNull();
		assertThat(new RequestGuard(true, List.of()).check(request)).isNull();
	}

	private static MockHttpServletRequest remoteRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/xray/console/status");
		request.setServerName("127.0.0.1");
		request.addHeader("Host", "127.0.0.1:2000");
		request.setRemoteAddr("192.0.2.10");
		return request;
	}

	private static HttpServletRequest throughForwardedHeaderFilter(MockHttpServletRequest request) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		new ForwardedHeaderFilter().doFilter(request, new MockHttpServletResponse(), chain);
		return (HttpServletRequest) chain.getRequest();
	}

	private static RequestGuard guard() {
		return new RequestGuard(false, List.of());
	}

}
