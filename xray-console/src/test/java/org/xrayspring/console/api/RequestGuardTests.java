package org.xrayspring.console.api;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xrayspring.console.RawHttp;
import org.xrayspring.console.TestDocuments;
import org.xrayspring.console.store.TraceStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console refuses what a web page in a browser could send it: a foreign {@code Host}
 * (DNS rebinding), a foreign {@code Origin} (cross-site requests) and writes without a
 * JSON content type; over real sockets, against the console embedded under {@code /xray}.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(classes = XRayApiTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-enabled=false",
				"xray.console.allowed-hosts=console.test" })
class RequestGuardTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private TraceStore store;

	@BeforeEach
	void storeOneTrace() throws Exception {
		this.store.clear();
		double now = TestDocuments.now();
		this.store.add(org.xrayspring.console.document.ReceivedSegmentDocument
			.parse(TestDocuments.segment(TestDocuments.traceId(), TestDocuments.id(), "guarded", now, now + 1, ""))
			.get(0));
	}

	@ParameterizedTest
	@ValueSource(strings = { "evil.example", "evil.example:%d", "127.0.0.1.evil.example", "localhost.evil.example",
			"attacker.test:80", "2130706433", "127.1", "[::2]:%d", "" })
	void foreignHostIsRefusedOnTheApiTheUiAndItsFiles(String host) {
		String value = host.formatted(this.port);
		for (String path : new String[] { "/xray/console/status", "/xray/", "/xray/console.js", "/xray" }) {
			RawHttp.Response response = RawHttp.to(this.port).get(path).header("Host", value).send();
			assertThat(response.status()).as(path).isEqualTo(403);
			assertThat(response.errorType()).isEqualTo("AccessDeniedException");
			assertThat(MAPPER.readTree(response.body()).path("__type").stringValue())
				.isEqualTo("AccessDeniedException");
			assertThat(response.body()).doesNotContain("guarded");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:%d", "127.0.0.1", "127.12.0.1:%d", "localhost:%d", "LOCALHOST",
			"ui.localhost:%d", "[::1]:%d", "[0:0:0:0:0:0:0:1]", "console.test:%d" })
	void loopbackAndConfiguredHostsAreAnswered(String host) {
		RawHttp.Response response = RawHttp.to(this.port)
			.get("/xray/console/status")
			.header("Host", host.formatted(this.port))
			.send();
		assertThat(response.status()).isEqualTo(200);
		assertThat(RawHttp.to(this.port).get("/xray/").header("Host", host.formatted(this.port)).send().status())
			.isEqualTo(200);
	}

	@Test
	void http11RequestWithoutHostIsRefused() {
		// HTTP/1.1 requires Host, so Tomcat answers 400 before the console sees the
		// request.
		assertThat(RawHttp.to(this.port).get("/xray/console/status").header("Host", null).send().status())
			.isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://evil.example", "https://evil.example", "null", "http://127.0.0.1:1",
			"http://localhost:%d", "file://", "http://127.0.0.1:%d.evil.example", "not an origin" })
	void foreignOriginCannotClearTheConsole(String origin) {
		RawHttp.Response response = RawHttp.to(this.port)
			.post("/xray/console/clear", "{}")
			.header("Content-Type", "application/json")
			.header("Origin", origin.formatted(this.port))
			.send();
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errorType()).isEqualTo("AccessDeniedException");
		assertThat(this.store.getTraces()).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://evil.example", "null" })
	void foreignOriginCannotReadTheConsole(String origin) {
		RawHttp.Response response = RawHttp.to(this.port).get("/xray/console/status").header("Origin", origin).send();
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("guarded");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:%d|127.0.0.1:%d", "https://127.0.0.1:%d|127.0.0.1:%d",
			"http://localhost:%d|localhost:%d", "http://LocalHost:%d|localhost:%d", "http://[::1]:%d|[::1]:%d",
			"http://127.0.0.1|127.0.0.1:80", "http://localhost:80|localhost" })
	void sameOriginIsAnswered(String originAndHost) {
		String[] parts = originAndHost.formatted(this.port, this.port).split("\\|");
		RawHttp.Response response = RawHttp.to(this.port)
			.post("/xray/console/clear", "{}")
			.header("Host", parts[1])
			.header("Content-Type", "application/json")
			.header("Origin", parts[0])
			.send();
		assertThat(response.status()).isEqualTo(200);
		assertThat(this.store.getTraces()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "",
			"application/jsonp", "text/json", "json" })
	void writesWithoutJsonContentTypeAreRefused(String contentType) {
		RawHttp request = RawHttp.to(this.port).post("/xray/console/clear", "{}");
		if (!contentType.isEmpty()) {
			request.header("Content-Type", contentType);
		}
		RawHttp.Response response = request.send();
		assertThat(response.status()).isEqualTo(415);
		assertThat(response.errorType()).isEqualTo("UnsupportedMediaTypeException");
		assertThat(this.store.getTraces()).hasSize(1);
		RawHttp put = RawHttp.to(this.port).post("/xray/TraceSegments", "{\"TraceSegmentDocuments\":[]}");
		if (!contentType.isEmpty()) {
			put.header("Content-Type", contentType);
		}
		assertThat(put.send().status()).isEqualTo(415);
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "application/json; charset=utf-8", "Application/JSON",
			"application/x-amz-json-1.1", "application/x-amz-json-1.0" })
	void writesWithJsonContentTypeAreAnswered(String contentType) {
		RawHttp.Response response = RawHttp.to(this.port)
			.post("/xray/console/clear", "{}")
			.header("Content-Type", contentType)
			.send();
		assertThat(response.status()).isEqualTo(200);
		assertThat(this.store.getTraces()).isEmpty();
	}

}
