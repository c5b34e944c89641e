package org.xrayspring.autoconfigure.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import org.xrayspring.autoconfigure.httpclient.LoopbackHttpServer;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * {@code xray.http.excluded-paths} and the embedded console's base path in a Boot
 * application on a random port under a context path, with a real UDP socket as the
 * daemon: an excluded request emits nothing and reaches the application with its trace
 * header as sent; every other request is traced.
 */
@SpringBootTest(classes = ServletExcludedPathsIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders-service", "xray.sampling.rate=1",
				"xray.sampling.fixed-target=1000", "server.servlet.context-path=/ctx",
				"xray.http.excluded-paths=/actuator/**, /exact, /static/**/*.css, /**/internal/*",
				// the console's convention: no console on this classpath, only its
				// documented properties
				"xray.console.enabled=true", "xray.console.base-path=console-ui/" })
class ServletExcludedPathsIntegrationTests {

	private static final String INCOMING = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

	private static final FakeDaemon daemon = new FakeDaemon();

	private static final LoopbackHttpServer downstream = new LoopbackHttpServer();

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void daemonAddress(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
		registry.add("downstream.url", downstream::url);
	}

	@AfterAll
	static void close() {
		daemon.close();
		downstream.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/health", "/actuator/health/liveness",
			"/actuator;jsessionid=SECRET/health", "/api/../actuator/health", "/exact", "/static/site.css",
			"/static/css/deep/site.css", "/internal/x", "/a/b/internal/x", "/console-ui", "/console-ui/",
			"/console-ui/TraceSummaries", "/actuator/async" })
	void excludedPathEmitsNothing(String path) throws Exception {
		HttpResponse<String> response = get(path, INCOMING);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).isEmpty();
		assertNextDocumentIsTheTracedMarker();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/actuator-like", "/exactly", "/exact/more", "/static/site.js", "/a/internal/x/y",
			"/console-uix", "/other/console-ui", "/ctx/actuator/health" })
	void otherPathIsTraced(String path) throws Exception {
		HttpResponse<String> response = get(path, null);
		JsonNode segment = nextDocument();
		assertThat(segment.path("http").path("request").path("url").asString())
			.isEqualTo("http://127.0.0.1:" + this.port + "/ctx" + path);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id"))
			.contains("Root=" + segment.path("trace_id").asString());
	}

	@Test
	void excludedRequestReachesTheApplicationWithItsHeaderAndNoTrace() throws Exception {
		HttpResponse<String> response = get("/actuator/health", INCOMING);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("current=none;header=" + INCOMING);
		assertNextDocumentIsTheTracedMarker();
	}

	@Test
	void outboundCallOfAnExcludedRequestCarriesNoHeaderOfOurs() throws Exception {
		HttpResponse<String> response = get("/actuator/call-out", INCOMING);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(downstream.takeHeader()).isEqualTo(LoopbackHttpServer.NO_HEADER);
		assertNextDocumentIsTheTracedMarker();
	}

	private HttpResponse<String> get(String path, String traceHeader) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ctx" + path));
		if (traceHeader != null) {
			request.header("X-Amzn-Trace-Id", traceHeader);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Documents leave the emitter in the order the segments end: had the excluded request
	 * emitted anything, it would arrive before the segment of a traced request made after
	 * it.
	 */
	private void assertNextDocumentIsTheTracedMarker() throws Exception {
		get("/traced", null);
		assertThat(nextDocument().path("http").path("request").path("url").asString())
			.isEqualTo("http://127.0.0.1:" + this.port + "/ctx/traced");
		daemon.assertNothingWithin(Duration.ofMillis(200));
	}

	private JsonNode nextDocument() {
		Datagram datagram = daemon.next(WAIT);
		assertThat(datagram.daemonAccepts()).isTrue();
		return assertValidDocument(datagram.body());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		private final XRayRecorder recorder;

		private final RestClient restClient;

		TestController(XRayRecorder recorder, RestClient.Builder builder,
				org.springframework.core.env.Environment environment) {
			this.recorder = recorder;
			this.restClient = builder.baseUrl(environment.getRequiredProperty("downstream.url")).build();
		}

		@GetMapping("/**")
		String any(@RequestHeader(name = "X-Amzn-Trace-Id", required = false) String header) {
			return "current=" + ((this.recorder.getCurrentEntity() != null) ? "entity" : "none") + ";header=" + header;
		}

		@GetMapping("/actuator/async")
		Callable<String> async() {
			return () -> "later";
		}

		@GetMapping("/actuator/call-out")
		String callOut() {
			return this.restClient.get().uri("/ok").retrieve().body(String.class);
		}

	}

}
