package org.xrayspring.autoconfigure.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * Secrets in an incoming request's URL (path parameters such as {@code ;jsessionid=},
 * secret query parameters) never reach the segment, also with
 * {@code xray.http.record-query-string=true}: real Tomcat, real HTTP requests, a real UDP
 * socket as the daemon.
 */
@SpringBootTest(classes = ServletUrlRedactionIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.application.name=orders-service",
				"xray.sampling.rate=1", "xray.http.record-query-string=true" })
class ServletUrlRedactionIntegrationTests {

	private static final String SESSION_SECRET = "SessionSecret4711";

	private static final String TOKEN_SECRET = "TokenSecret4711";

	private static final FakeDaemon daemon = new FakeDaemon();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void daemonAddress(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
	}

	@AfterAll
	static void closeDaemon() {
		daemon.close();
	}

	private JsonNode segmentFor(String pathAndQuery) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + pathAndQuery))
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		Datagram datagram = daemon.next(Duration.ofSeconds(10));
		assertThat(datagram.daemonAccepts()).isTrue();
		assertThat(new String(datagram.bytes(), StandardCharsets.UTF_8)).doesNotContain(SESSION_SECRET)
			.doesNotContain(TOKEN_SECRET);
		return assertValidDocument(datagram.body());
	}

	@Test
	void pathParameterAndSecretQueryParameterAreNotRecorded() throws Exception {
		JsonNode segment = segmentFor("/hello;jsessionid=" + SESSION_SECRET + "?token=" + TOKEN_SECRET + "&page=2");
		assertThat(segment.path("http").path("request").path("url").asString())
			.isEqualTo("http://127.0.0.1:" + this.port + "/hello?token=REDACTED&page=2");
	}

	@Test
	void pathParametersInEverySegmentAndSecretsInMixedCaseAreNotRecorded() throws Exception {
		JsonNode segment = segmentFor(
				"/nested;v=" + SESSION_SECRET + "/path;JSESSIONID=" + SESSION_SECRET + "?X-Amz-Security-Token="
						+ TOKEN_SECRET + "&Access_Token=" + TOKEN_SECRET + "&%73ig=" + TOKEN_SECRET + "&q=kept");
		assertThat(segment.path("http").path("request").path("url").asString()).isEqualTo("http://127.0.0.1:"
				+ this.port + "/nested/path?X-Amz-Security-Token=REDACTED&Access_Token=REDACTED&%73ig=REDACTED&q=kept");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		@GetMapping({ "/hello", "/nested/path" })
		String hello() {
			return "hello";
		}

	}

}
