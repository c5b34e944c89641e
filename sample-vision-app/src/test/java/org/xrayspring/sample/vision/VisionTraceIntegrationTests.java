package org.xrayspring.sample.vision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample, requests {@code /} and reads the request's trace back from the embedded console: the page's
 * segment, the captured analyses, the image fetches answered by the image endpoint's own segments, the Rekognition
 * calls answered by the local endpoint's segments, and the SQL, all nested as they happened.
 */
class VisionTraceIntegrationTests {

	static Page get(int port, String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		String header = response.headers().firstValue("X-Amzn-Trace-Id").orElseThrow();
		String traceId = header.replaceFirst("^Root=([^;]+).*$", "$1");
		return new Page(response.statusCode(), response.body(), traceId);
	}

	static JsonNode pageSegment(ConsoleTrace trace) {
		List<JsonNode> roots = trace.segments()
			.stream()
			.filter((segment) -> segment.path("parent_id").isMissingNode())
			.toList();
		assertThat(roots).hasSize(1);
		JsonNode root = roots.get(0);
		assertThat(root.path("name").asString()).isEqualTo("vision-sample");
		assertThat(root.path("http").path("request").path("method").asString()).isEqualTo("GET");
		assertThat(ConsoleTrace.url(root)).endsWith("/");
		assertThat(root.path("http").path("response").path("status").asInt()).isEqualTo(200);
		return root;
	}

	static List<JsonNode> analyses(ConsoleTrace trace, JsonNode root) {
		List<JsonNode> analyses = trace.children(root)
			.stream()
			.filter((child) -> child.path("name").asString().equals(VisionService.SUBSEGMENT_NAME))
			.toList();
		assertThat(analyses).hasSize(2);
		return analyses;
	}

	static JsonNode imageFetch(ConsoleTrace trace, JsonNode analysis, String path) {
		List<JsonNode> fetches = trace.children(analysis)
			.stream()
			.filter((child) -> "remote".equals(child.path("namespace").asString(null)))
			.filter((child) -> ConsoleTrace.url(child).contains(path))
			.toList();
		assertThat(fetches).as("image fetch subsegment under %s", analysis.path("id")).hasSize(1);
		JsonNode fetch = fetches.get(0);
		// The image endpoint's own segment joins the trace through the propagated header.
		List<JsonNode> answered = trace.segments()
			.stream()
			.filter((segment) -> fetch.path("id").asString().equals(segment.path("parent_id").asString(null)))
			.toList();
		assertThat(answered).hasSize(1);
		assertThat(ConsoleTrace.url(answered.get(0))).contains(path);
		return fetch;
	}

	record Page(int status, String body, String traceId) {

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	class WorkingImageSource {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			TestPorts.consoleOnFreeUdpPort(registry);
		}

		@LocalServerPort
		int port;

		@Test
		void pageTraceHoldsEveryStepNestedCorrectly() throws Exception {
			Page page = get(this.port, "/");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains(page.traceId()).contains("/xray/#/traces/" + page.traceId());
			// GET /, two image requests and two DetectLabels requests, each its own segment
			ConsoleTrace trace = ConsoleTrace.read(this.port, page.traceId(), 5);
			JsonNode root = pageSegment(trace);
			for (JsonNode analysis : analyses(trace, root)) {
				assertThat(analysis.path("fault").asBoolean(false)).isFalse();
				assertThat(analysis.path("annotations").path("top_label").asString()).isNotBlank();
				imageFetch(trace, analysis, "/images/random");
				List<JsonNode> rekognition = trace.children(analysis)
					.stream()
					.filter((child) -> "aws".equals(child.path("namespace").asString(null)))
					.toList();
				assertThat(rekognition).hasSize(1);
				JsonNode call = rekognition.get(0);
				assertThat(call.path("name").asString()).isEqualTo("Rekognition");
				assertThat(call.path("aws").path("operation").asString()).isEqualTo("DetectLabels");
				assertThat(trace.segments()).anySatisfy((segment) -> {
					assertThat(segment.path("parent_id").asString("")).isEqualTo(call.path("id").asString());
					assertThat(ConsoleTrace.url(segment)).contains("/local-aws/rekognition");
				});
				assertThat(trace.descendants(analysis)).as("SQL under the analysis")
					.anySatisfy((entity) -> assertThat(entity.path("sql").isObject()).isTrue());
			}
		}

		@Test
		void analysesAreStoredAndListed() throws Exception {
			get(this.port, "/");
			Page analyses = get(this.port, "/api/analyses");
			assertThat(analyses.status()).isEqualTo(200);
			assertThat(analyses.body()).contains("\"labels\":[{\"name\":").contains("/images/random");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "vision.images.url=/images/Missing.jpg")
	class FailingImageSource {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			TestPorts.consoleOnFreeUdpPort(registry);
		}

		@LocalServerPort
		int port;

		@Test
		void pageShowsAFriendlyErrorAndTheTraceRecordsTheFault() throws Exception {
			Page page = get(this.port, "/");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("The image source answered HTTP 404 instead of an image.")
				.doesNotContain("Exception")
				.doesNotContain("at org.");
			// GET / and the two image requests (answered 404)
			ConsoleTrace trace = ConsoleTrace.read(this.port, page.traceId(), 3);
			JsonNode root = pageSegment(trace);
			for (JsonNode analysis : analyses(trace, root)) {
				assertThat(analysis.path("fault").asBoolean(false)).isTrue();
				assertThat(analysis.path("cause").isMissingNode()).isFalse();
				JsonNode fetch = imageFetch(trace, analysis, "/images/Missing.jpg");
				assertThat(fetch.path("http").path("response").path("status").asInt()).isEqualTo(404);
				assertThat(fetch.path("error").asBoolean(false)).isTrue();
				assertThat(trace.children(analysis)).noneSatisfy(
						(child) -> assertThat(child.path("namespace").asString("")).isEqualTo("aws"));
			}
			// The failed analyses are stored too, outside the failed subsegments.
			assertThat(trace.descendants(root))
				.anySatisfy((entity) -> assertThat(entity.path("sql").isObject()).isTrue());
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "vision.images.url=/api/analyses")
	class SourceAnsweringSomethingElse {

		@DynamicPropertySource
		static void properties(DynamicPropertyRegistry registry) {
			TestPorts.consoleOnFreeUdpPort(registry);
		}

		@LocalServerPort
		int port;

		@Test
		void pageShowsAFriendlyErrorAndTheTraceRecordsTheFault() throws Exception {
			Page page = get(this.port, "/");
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.body()).contains("The image source answered something that is not a JPEG or PNG image")
				.doesNotContain("Exception");
			ConsoleTrace trace = ConsoleTrace.read(this.port, page.traceId(), 3);
			JsonNode root = pageSegment(trace);
			for (JsonNode analysis : analyses(trace, root)) {
				assertThat(analysis.path("fault").asBoolean(false)).isTrue();
				JsonNode fetch = imageFetch(trace, analysis, "/api/analyses");
				assertThat(fetch.path("http").path("response").path("status").asInt()).isEqualTo(200);
			}
		}

	}

}
