package org.xrayspring.sample.vision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the sample, requests {@code /} and reads the request's trace back from the
 * embedded console: the page's segment, the captured analyses, the image fetches, the
 * Rekognition calls and the SQL, all nested as they happened. The stand-ins this
 * application serves for the image source and Rekognition are excluded from tracing, so
 * the service graph reads like the real system's: client, vision-sample, and the three
 * things it calls. The console's own UI and API traffic is never traced.
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
		return fetches.get(0);
	}

	/**
	 * Return the segments that answer a call: those whose {@code parent_id} is the call's
	 * subsegment.
	 */
	static List<JsonNode> segmentsAnswering(ConsoleTrace trace, JsonNode call) {
		return trace.segments()
			.stream()
			.filter((segment) -> call.path("id").asString().equals(segment.path("parent_id").asString(null)))
			.toList();
	}

	static JsonNode post(int port, String path, String body) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).as("trace header of %s", path).isEmpty();
		return JsonMapper.builder().build().readTree(response.body());
	}

	/**
	 * A time range around now, in the X-Ray API's epoch seconds.
	 */
	static String lastHour() {
		long now = Instant.now().getEpochSecond();
		return "\"StartTime\":" + (now - 3600) + ",\"EndTime\":" + (now + 60);
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
			ConsoleTrace trace = ConsoleTrace.read(this.port, page.traceId(), 1);
			JsonNode root = pageSegment(trace);
			// the stand-ins for the image source and Rekognition are excluded: GET / is
			// the trace's only segment
			assertThat(trace.segments()).containsExactly(root);
			for (JsonNode analysis : analyses(trace, root)) {
				assertThat(analysis.path("fault").asBoolean(false)).isFalse();
				assertThat(analysis.path("annotations").path("top_label").asString()).isNotBlank();
				JsonNode fetch = imageFetch(trace, analysis, "/images/random");
				assertThat(fetch.path("name").asString()).isEqualTo("127.0.0.1");
				assertThat(segmentsAnswering(trace, fetch)).isEmpty();
				List<JsonNode> rekognition = trace.children(analysis)
					.stream()
					.filter((child) -> "aws".equals(child.path("namespace").asString(null)))
					.toList();
				assertThat(rekognition).hasSize(1);
				JsonNode call = rekognition.get(0);
				assertThat(call.path("name").asString()).isEqualTo("Rekognition");
				assertThat(call.path("aws").path("operation").asString()).isEqualTo("DetectLabels");
				assertThat(segmentsAnswering(trace, call)).isEmpty();
				assertThat(trace.descendants(analysis)).as("SQL under the analysis")
					.anySatisfy((entity) -> assertThat(entity.path("sql").isObject()).isTrue());
			}
		}

		@Test
		void serviceGraphReadsClientToSampleToRekognitionImageSourceAndDatabase() throws Exception {
			Page page = get(this.port, "/");
			ConsoleTrace.read(this.port, page.traceId(), 1);
			JsonNode graph = post(this.port, "/xray/ServiceGraph", "{" + lastHour() + "}");
			Map<Integer, String> nodes = new HashMap<>();
			for (JsonNode service : graph.path("Services")) {
				nodes.put(service.path("ReferenceId").asInt(),
						service.path("Name").asString() + " (" + service.path("Type").asString("service") + ")");
			}
			Set<String> edges = new HashSet<>();
			for (JsonNode service : graph.path("Services")) {
				for (JsonNode edge : service.path("Edges")) {
					edges.add(nodes.get(service.path("ReferenceId").asInt()) + " -> "
							+ nodes.get(edge.path("ReferenceId").asInt()));
				}
			}
			assertThat(nodes.values()).containsExactlyInAnyOrder("client (client)", "vision-sample (service)",
					"Rekognition (AWS::Rekognition)", "127.0.0.1 (remote)", "VISION@localhost (Database::SQL)");
			assertThat(edges).containsExactlyInAnyOrder("client (client) -> vision-sample (service)",
					"vision-sample (service) -> Rekognition (AWS::Rekognition)",
					"vision-sample (service) -> 127.0.0.1 (remote)",
					"vision-sample (service) -> VISION@localhost (Database::SQL)");
		}

		@Test
		void consoleTrafficIsNeverTraced() throws Exception {
			// what the console's UI does while it is open: load itself, then poll the API
			HttpResponse<String> ui = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray/")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(ui.statusCode()).isEqualTo(200);
			assertThat(ui.headers().firstValue("X-Amzn-Trace-Id")).isEmpty();
			for (int i = 0; i < 3; i++) {
				post(this.port, "/xray/TraceSummaries", "{" + lastHour() + "}");
				post(this.port, "/xray/ServiceGraph", "{" + lastHour() + "}");
			}
			// The console stores documents in the order they were sent: once this page's
			// trace is there, a trace of
			// the console requests made before it would be there too.
			Page page = get(this.port, "/");
			ConsoleTrace.read(this.port, page.traceId(), 1);
			JsonNode summaries = post(this.port, "/xray/TraceSummaries", "{" + lastHour() + "}");
			List<String> urls = new ArrayList<>();
			summaries.path("TraceSummaries")
				.forEach((summary) -> urls.add(summary.path("Http").path("HttpURL").asString("")));
			assertThat(urls).contains("http://127.0.0.1:" + this.port + "/")
				.noneSatisfy((url) -> assertThat(url).contains("/xray"));
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
			ConsoleTrace trace = ConsoleTrace.read(this.port, page.traceId(), 1);
			JsonNode root = pageSegment(trace);
			for (JsonNode analysis : analyses(trace, root)) {
				assertThat(analysis.path("fault").asBoolean(false)).isTrue();
				assertThat(analysis.path("cause").isMissingNode()).isFalse();
				JsonNode fetch = imageFetch(trace, analysis, "/images/Missing.jpg");
				assertThat(segmentsAnswering(trace, fetch)).isEmpty();
				assertThat(fetch.path("http").path("response").path("status").asInt()).isEqualTo(404);
				assertThat(fetch.path("error").asBoolean(false)).isTrue();
				assertThat(trace.children(analysis))
					.noneSatisfy((child) -> assertThat(child.path("namespace").asString("")).isEqualTo("aws"));
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
				// a source inside the application that is not excluded: its segment joins
				// the trace
				assertThat(segmentsAnswering(trace, fetch)).singleElement()
					.satisfies((segment) -> assertThat(ConsoleTrace.url(segment)).contains("/api/analyses"));
				assertThat(fetch.path("http").path("response").path("status").asInt()).isEqualTo(200);
			}
		}

	}

}
