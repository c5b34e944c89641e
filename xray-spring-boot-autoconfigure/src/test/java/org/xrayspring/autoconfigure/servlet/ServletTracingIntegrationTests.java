package org.xrayspring.autoconfigure.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * A Boot application with the starter's auto-configuration on a random port, a real UDP
 * socket as the daemon and real HTTP requests.
 */
@SpringBootTest(classes = ServletTracingIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders-service", "xray.sampling.rate=1" })
class ServletTracingIntegrationTests {

	private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

	private static final FakeDaemon daemon = new FakeDaemon();

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private XRayRecorder recorder;

	@DynamicPropertySource
	static void daemonAddress(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
	}

	@AfterAll
	static void closeDaemon() {
		daemon.close();
	}

	private HttpResponse<String> get(String path, String traceHeader) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("User-Agent", "integration-test");
		if (traceHeader != null) {
			request.header("X-Amzn-Trace-Id", traceHeader);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode nextDocument() {
		Datagram datagram = daemon.next(WAIT);
		assertThat(datagram.daemonAccepts()).isTrue();
		assertThat(datagram.bytes().length).isLessThanOrEqualTo(64_000);
		return assertValidDocument(datagram.body());
	}

	@Test
	void requestWithoutHeaderStartsATrace() throws Exception {
		HttpResponse<String> response = get("/ok?secret=1", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode segment = nextDocument();
		assertThat(segment.path("name").asString()).isEqualTo("orders-service");
		assertThat(segment.has("parent_id")).isFalse();
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id"))
			.contains("Root=" + segment.path("trace_id").asString());
		JsonNode http = segment.path("http");
		assertThat(http.path("request").path("method").asString()).isEqualTo("GET");
		assertThat(http.path("request").path("url").asString()).isEqualTo("http://127.0.0.1:" + this.port + "/ok");
		assertThat(http.path("request").path("user_agent").asString()).isEqualTo("integration-test");
		assertThat(http.path("request").path("client_ip").asString()).isEqualTo("127.0.0.1");
		assertThat(http.path("request").has("x_forwarded_for")).isFalse();
		assertThat(http.path("response").path("status").asInt()).isEqualTo(200);
		assertThat(http.path("response").path("content_length").asInt()).isEqualTo(5);
		assertThat(segment.has("error") || segment.has("fault") || segment.has("throttle")).isFalse();
		// the handler's own subsegment is nested under the request's segment
		assertThat(segment.path("subsegments").get(0).path("name").asString()).isEqualTo("handler-work");
	}

	@Test
	void incomingHeaderJoinsTheCallersTrace() throws Exception {
		HttpResponse<String> response = get("/ok", "Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1");
		JsonNode segment = nextDocument();
		assertThat(segment.path("trace_id").asString()).isEqualTo(ROOT);
		assertThat(segment.path("parent_id").asString()).isEqualTo("53995c3f42cd8ad8");
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).contains("Root=" + ROOT);
	}

	@Test
	void requestedDecisionIsReportedInTheResponse() throws Exception {
		HttpResponse<String> response = get("/ok", "Root=" + ROOT + ";Sampled=?");
		nextDocument();
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).contains("Root=" + ROOT + ";Sampled=1");
	}

	@Test
	void notSampledUpstreamEmitsNothingButAnswersTheRoot() throws Exception {
		HttpResponse<String> response = get("/ok", "Root=" + ROOT + ";Sampled=0");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).contains("Root=" + ROOT);
		daemon.assertNothingWithin(Duration.ofMillis(500));
	}

	@Test
	void malformedHeaderStartsANewTrace() throws Exception {
		HttpResponse<String> response = get("/ok", "Root=garbage;Parent=;;;Sampled=7");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode segment = nextDocument();
		assertThat(segment.path("trace_id").asString()).isNotEqualTo("garbage");
		assertThat(segment.has("parent_id")).isFalse();
	}

	@Test
	void notFoundIsAnError() throws Exception {
		assertThat(get("/missing", null).statusCode()).isEqualTo(404);
		JsonNode segment = nextDocument();
		assertThat(segment.path("http").path("response").path("status").asInt()).isEqualTo(404);
		assertThat(segment.path("error").asBoolean()).isTrue();
		assertThat(segment.has("fault")).isFalse();
	}

	@Test
	void tooManyRequestsIsAThrottle() throws Exception {
		assertThat(get("/throttled", null).statusCode()).isEqualTo(429);
		JsonNode segment = nextDocument();
		assertThat(segment.path("error").asBoolean()).isTrue();
		assertThat(segment.path("throttle").asBoolean()).isTrue();
	}

	@Test
	void serverErrorIsAFault() throws Exception {
		assertThat(get("/fail", null).statusCode()).isEqualTo(500);
		JsonNode segment = nextDocument();
		assertThat(segment.path("fault").asBoolean()).isTrue();
		assertThat(segment.has("error")).isFalse();
	}

	@Test
	void thrownExceptionIsTheCause() throws Exception {
		assertThat(get("/throw", null).statusCode()).isEqualTo(500);
		JsonNode segment = nextDocument();
		assertThat(segment.path("fault").asBoolean()).isTrue();
		assertThat(segment.path("http").path("response").path("status").asInt()).isEqualTo(500);
		JsonNode exception = segment.path("cause").path("exceptions").get(0);
		assertThat(exception.path("type").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(exception.path("message").asString()).isEqualTo("handler failed");
		assertThat(exception.path("stack").get(0).path("label").asString()).contains("TestController.fail");
	}

	@Test
	void forwardedForIsTheClientAddress() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ok"))
			.header("X-Forwarded-For", " 203.0.113.7 , 10.0.0.1")
			.build();
		this.client.send(request, HttpResponse.BodyHandlers.ofString());
		JsonNode request2 = nextDocument().path("http").path("request");
		assertThat(request2.path("client_ip").asString()).isEqualTo("203.0.113.7");
		assertThat(request2.path("x_forwarded_for").asBoolean()).isTrue();
	}

	@Test
	void asyncRequestEndsWhenTheAsyncWorkCompletes() throws Exception {
		HttpResponse<String> response = get("/async", null);
		assertThat(response.body()).isEqualTo("later");
		JsonNode segment = nextDocument();
		assertThat(segment.path("http").path("response").path("status").asInt()).isEqualTo(200);
		double duration = segment.path("end_time").asDouble() - segment.path("start_time").asDouble();
		assertThat(duration).isGreaterThanOrEqualTo(0.2);
	}

	@Test
	void requestThreadHoldsNoContextAfterwards() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/context-before", null).body()).isEqualTo("segment");
			nextDocument();
		}
		assertThat(this.recorder.getCurrentEntity()).isNull();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(TestController.class)
	static class TestApplication {

	}

	@RestController
	static class TestController {

		private final XRayRecorder recorder;

		TestController(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@GetMapping("/ok")
		String ok() {
			return this.recorder.inSubsegment("handler-work", () -> "hello");
		}

		@GetMapping("/missing")
		ResponseEntity<String> missing() {
			return ResponseEntity.status(404).body("none");
		}

		@GetMapping("/throttled")
		ResponseEntity<String> throttled() {
			return ResponseEntity.status(429).body("slow down");
		}

		@GetMapping("/fail")
		ResponseEntity<String> failed() {
			return ResponseEntity.status(500).body("failed");
		}

		@GetMapping("/throw")
		String fail() {
			throw new IllegalStateException("handler failed");
		}

		@GetMapping("/async")
		Callable<String> async() {
			return () -> {
				Thread.sleep(200);
				return "later";
			};
		}

		@GetMapping("/context-before")
		String contextBefore() {
			return (this.recorder.getCurrentEntity() != null) ? "segment" : "none";
		}

	}

}
