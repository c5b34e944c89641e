package org.xrayspring.autoconfigure.w3c;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.sun.net.httpserver.Headers;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.testing.FakeDaemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * {@code xray.propagation.w3c=false}: W3C Trace Context is neither read nor sent;
 * {@code X-Amzn-Trace-Id} works as before.
 */
@SpringBootTest(classes = W3CTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders-service", "xray.sampling.rate=1", "xray.propagation.w3c=false" })
class W3CPropagationDisabledIntegrationTests {

	private static final FakeDaemon daemon = new FakeDaemon();

	private static final OpenTelemetryService otel = new OpenTelemetryService(W3CTraceContextPropagator.getInstance());

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void addresses(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
		registry.add("otel.callback-url", otel::callbackUrl);
	}

	@AfterAll
	static void close() {
		daemon.close();
		otel.close();
	}

	@Test
	void traceparentIsNeitherReadNorSent() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ours"))
			.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			.header("tracestate", "rojo=1")
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);

		JsonNode segment = assertValidDocument(daemon.next(Duration.ofSeconds(10)).body());
		String traceId = segment.path("trace_id").asString();
		assertThat(traceId).isNotEqualTo("1-4bf92f35-77b34da6a3ce929d0e0e4736");
		assertThat(segment.has("parent_id")).isFalse();
		Headers callback = otel.takeCallbackHeaders();
		assertThat(OpenTelemetryService.header(callback, "traceparent")).isEqualTo(OpenTelemetryService.NONE);
		assertThat(OpenTelemetryService.header(callback, "tracestate")).isEqualTo(OpenTelemetryService.NONE);
		assertThat(TraceHeader.parse(OpenTelemetryService.header(callback, TraceHeader.HEADER_NAME)).rootTraceId())
			.isEqualTo(traceId);
	}

}
