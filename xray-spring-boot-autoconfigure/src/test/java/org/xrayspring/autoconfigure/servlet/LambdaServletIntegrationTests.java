package org.xrayspring.autoconfigure.servlet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.xrayspring.autoconfigure.lambda.LambdaTraceHeaderSource;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * A servlet application told it runs in AWS Lambda ({@code AWS_LAMBDA_FUNCTION_NAME}),
 * with simulated invocations: before each request the test sets the invocation's trace
 * header, as Lambda's runtime does. Real HTTP on a random port, a real UDP socket as the
 * daemon. The sampling strategy would sample nothing, so whatever is sent was sampled by
 * the header.
 */
@SpringBootTest(classes = LambdaServletIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.application.name=orders-service",
				"AWS_LAMBDA_FUNCTION_NAME=orders-function", "xray.sampling.rate=0", "xray.sampling.fixed-target=0" })
class LambdaServletIntegrationTests {

	private static final FakeDaemon daemon = new FakeDaemon();

	private static final AtomicReference<String> invocationHeader = new AtomicReference<>();

	private static final Duration WAIT = Duration.ofSeconds(10);

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

	private HttpResponse<String> invoke(String traceHeader) throws Exception {
		invocationHeader.set(traceHeader);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/ok"))
			.header("User-Agent", "lambda-test")
			// a header on the request itself is not the invocation's: Lambda's wins
			.header("X-Amzn-Trace-Id", "Root=1-00000000-000000000000000000000000;Parent=1111111111111111;Sampled=1")
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode nextDocument() {
		Datagram datagram = daemon.next(WAIT);
		assertThat(datagram.daemonAccepts()).isTrue();
		return assertValidDocument(datagram.body());
	}

	@Test
	void eachInvocationGivesIndependentSubsegmentsUnderItsOwnParentAndNoSegment() throws Exception {
		String[][] invocations = { { "1-5759e988-bd862e3fe1be46a994272793", "53995c3f42cd8ad8" },
				{ "1-6759e988-0123456789abcdef01234567", "a1b2c3d4e5f60718" } };
		for (String[] invocation : invocations) {
			HttpResponse<String> response = invoke(
					"Root=" + invocation[0] + ";Parent=" + invocation[1] + ";Sampled=1;Lineage=a87bd80c:1");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).contains("Root=" + invocation[0]);
			JsonNode document = nextDocument();
			assertThat(document.path("type").asString()).isEqualTo("subsegment");
			assertThat(document.path("trace_id").asString()).isEqualTo(invocation[0]);
			assertThat(document.path("parent_id").asString()).isEqualTo(invocation[1]);
			assertThat(document.path("name").asString()).isEqualTo("orders-service");
			JsonNode http = document.path("http");
			assertThat(http.path("request").path("method").asString()).isEqualTo("GET");
			assertThat(http.path("request").path("url").asString()).isEqualTo("http://127.0.0.1:" + this.port + "/ok");
			assertThat(http.path("request").path("user_agent").asString()).isEqualTo("lambda-test");
			assertThat(http.path("response").path("status").asInt()).isEqualTo(200);
			JsonNode handlerWork = document.path("subsegments").get(0);
			assertThat(handlerWork.path("name").asString()).isEqualTo("handler-work");
			assertThat(handlerWork.has("trace_id")).isFalse();
		}
		// one document per invocation: the facade, Lambda's segment, is never sent
		assertThat(daemon.drain(Duration.ofMillis(300))).isEmpty();
	}

	@Test
	void notSampledInvocationSendsNothing() throws Exception {
		HttpResponse<String> response = invoke(
				"Root=1-7759e988-0123456789abcdef01234567;Parent=0718a1b2c3d4e5f6;Sampled=0");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id"))
			.contains("Root=1-7759e988-0123456789abcdef01234567");
		daemon.assertNothingWithin(Duration.ofMillis(500));
	}

	@Test
	void invocationWithoutHeaderIsServedUntraced() throws Exception {
		HttpResponse<String> response = invoke(null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).isEmpty();
		daemon.assertNothingWithin(Duration.ofMillis(500));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ServletTracingIntegrationTests.TestController.class)
	static class TestApplication {

		@Bean
		LambdaTraceHeaderSource invocationHeader() {
			return invocationHeader::get;
		}

	}

}
