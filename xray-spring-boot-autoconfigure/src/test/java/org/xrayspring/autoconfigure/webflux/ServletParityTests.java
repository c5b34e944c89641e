package org.xrayspring.autoconfigure.webflux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.XRayTestAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same controller served by the servlet stack (Tomcat) and by WebFlux (Netty), each
 * with the starter's auto-configuration and the same properties: the same raw request
 * gives the same segment, field for field, apart from the ids and times.
 */
class ServletParityTests {

	private static final String[] PROPERTIES = { "spring.application.name=orders-service", "server.port=0",
			"server.address=127.0.0.1", "xray.aws.environment=none", "xray.naming.host-pattern=*.example.com",
			"xray.http.record-query-string=true", "xray.http.excluded-paths=/internal/**",
			"spring.main.banner-mode=off" };

	private static ConfigurableApplicationContext servlet;

	private static ConfigurableApplicationContext reactive;

	@BeforeAll
	static void start() {
		servlet = new SpringApplicationBuilder(ParityApplication.class).web(WebApplicationType.SERVLET)
			.properties(PROPERTIES)
			.run();
		reactive = new SpringApplicationBuilder(ParityApplication.class).web(WebApplicationType.REACTIVE)
			.properties(PROPERTIES)
			.run();
	}

	@AfterAll
	static void stop() {
		servlet.close();
		reactive.close();
	}

	@BeforeEach
	void clear() {
		servlet.getBean(InMemoryEmitter.class).clear();
		reactive.getBean(InMemoryEmitter.class).clear();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /hello?q=1 HTTP/1.1|Host: api.example.com:8080|User-Agent: parity/1.0",
			"GET /hello HTTP/1.1|Host: other.test|User-Agent: parity/1.0|X-Forwarded-For: 203.0.113.7, 10.0.0.1",
			"POST /hello HTTP/1.1|Host: api.example.com|Content-Length: 0",
			"GET /status/404 HTTP/1.1|Host: api.example.com", "GET /status/429 HTTP/1.1|Host: api.example.com",
			"GET /status/503 HTTP/1.1|Host: api.example.com",
			"GET /hello HTTP/1.1|Host: api.example.com|X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=?",
			"GET /hello HTTP/1.1|Host: api.example.com|traceparent: 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01" })
	void sameRequestSameSegment(String request) throws Exception {
		String servletResponse = send(servlet, request);
		String reactiveResponse = send(reactive, request);
		assertThat(statusLine(reactiveResponse)).isEqualTo(statusLine(servletResponse));
		RecordedEntity servletSegment = onlySegment(servlet);
		RecordedEntity reactiveSegment = onlySegment(reactive);
		JsonNode expected = comparable(servletSegment);
		JsonNode actual = comparable(reactiveSegment);
		assertThat(actual).isEqualTo(expected);
		assertThat(traceHeader(reactiveResponse).replace(reactiveSegment.traceId(), "<trace>"))
			.isEqualTo(traceHeader(servletResponse).replace(servletSegment.traceId(), "<trace>"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET /internal/ping HTTP/1.1|Host: api.example.com",
			"GET /internal;x=1/ping HTTP/1.1|Host: api.example.com",
			"GET /api/../internal/ping HTTP/1.1|Host: api.example.com" })
	void sameExclusions(String request) throws Exception {
		String servletResponse = send(servlet, request);
		String reactiveResponse = send(reactive, request);
		assertThat(statusLine(reactiveResponse)).isEqualTo(statusLine(servletResponse));
		String followUp = "GET /hello HTTP/1.1|Host: api.example.com";
		send(servlet, followUp);
		send(reactive, followUp);
		assertThat(onlySegment(reactive).json().path("http").path("request").path("url").asString())
			.isEqualTo(onlySegment(servlet).json().path("http").path("request").path("url").asString())
			.isEqualTo("http://api.example.com/hello");
	}

	private static RecordedEntity onlySegment(ConfigurableApplicationContext context) {
		InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
		emitter.awaitDocuments(1, Duration.ofSeconds(10));
		RecordedTraces traces = emitter.traces();
		assertThat(traces.segments()).hasSize(1);
		return traces.segments().get(0);
	}

	/**
	 * The segment without what differs from one request to the next: ids, times, the
	 * SDK's and the sampling rule's details, and the port of the peer.
	 */
	private static JsonNode comparable(RecordedEntity segment) {
		tools.jackson.databind.node.ObjectNode json = (tools.jackson.databind.node.ObjectNode) segment.json()
			.deepCopy();
		for (String field : List.of("id", "trace_id", "start_time", "end_time", "aws")) {
			json.remove(field);
		}
		if (json.has("cause")) {
			tools.jackson.databind.node.ObjectNode cause = (tools.jackson.databind.node.ObjectNode) json.get("cause");
			cause.remove("exceptions");
		}
		return json;
	}

	/**
	 * The status code of a response (Tomcat sends no reason phrase, Netty does).
	 */
	private static String statusLine(String response) {
		return response.substring(0, response.indexOf("\r\n")).split(" ")[1];
	}

	private static String traceHeader(String response) {
		for (String line : response.split("\r\n")) {
			if (line.regionMatches(true, 0, "X-Amzn-Trace-Id:", 0, 16)) {
				return line.substring(16).trim();
			}
			if (line.isEmpty()) {
				break;
			}
		}
		return "<none>";
	}

	private static String send(ConfigurableApplicationContext context, String request) throws IOException {
		int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(
					(request.replace("|", "\r\n") + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@ImportAutoConfiguration(XRayTestAutoConfiguration.class)
	@Import(ParityController.class)
	static class ParityApplication {

	}

	@RestController
	static class ParityController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@org.springframework.web.bind.annotation.PostMapping("/hello")
		String post() {
			return "posted";
		}

		@GetMapping("/internal/ping")
		String ping() {
			return "pong";
		}

		@GetMapping("/status/{code}")
		ResponseEntity<String> status(@PathVariable int code) {
			return ResponseEntity.status(code).body("status");
		}

	}

}
