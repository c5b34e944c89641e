package org.xrayspring.sample.vision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace read back from the embedded console's {@code POST /xray/Traces}, as a tree of
 * entities: every segment and subsegment with its parent (the enclosing entity, or the
 * one named by {@code parent_id}).
 */
final class ConsoleTrace {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Map<String, JsonNode> entities = new LinkedHashMap<>();

	private final Map<String, String> parents = new LinkedHashMap<>();

	private final List<JsonNode> segments = new ArrayList<>();

	private ConsoleTrace(JsonNode trace) {
		for (JsonNode segment : trace.path("Segments")) {
			JsonNode document = MAPPER.readTree(segment.path("Document").asString());
			if (!"subsegment".equals(document.path("type").asString(""))) {
				this.segments.add(document);
			}
			index(document, document.path("parent_id").asString(null));
		}
	}

	private void index(JsonNode entity, String parent) {
		String id = entity.path("id").asString();
		this.entities.put(id, entity);
		if (parent != null) {
			this.parents.put(id, parent);
		}
		for (JsonNode child : entity.path("subsegments")) {
			index(child, id);
		}
	}

	/**
	 * Poll the console until the trace holds the expected number of segments, none in
	 * progress.
	 */
	static ConsoleTrace read(int port, String traceId, int expectedSegments) {
		HttpClient http = HttpClient.newHttpClient();
		ConsoleTrace[] found = new ConsoleTrace[1];
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/xray/Traces"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"TraceIds\":[\"" + traceId + "\"]}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return false;
			}
			for (JsonNode trace : MAPPER.readTree(response.body()).path("Traces")) {
				ConsoleTrace candidate = new ConsoleTrace(trace);
				if (candidate.segments.size() >= expectedSegments && candidate.entities.values()
					.stream()
					.noneMatch((entity) -> entity.path("in_progress").asBoolean(false))) {
					found[0] = candidate;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	List<JsonNode> segments() {
		return this.segments;
	}

	List<JsonNode> all(Predicate<JsonNode> filter) {
		return this.entities.values().stream().filter(filter).toList();
	}

	List<JsonNode> children(JsonNode entity) {
		String id = entity.path("id").asString();
		return this.entities.values()
			.stream()
			.filter((candidate) -> id.equals(this.parents.get(candidate.path("id").asString())))
			.toList();
	}

	List<JsonNode> descendants(JsonNode entity) {
		List<JsonNode> result = new ArrayList<>();
		for (JsonNode child : children(entity)) {
			result.add(child);
			result.addAll(descendants(child));
		}
		return result;
	}

	JsonNode parent(JsonNode entity) {
		String parent = this.parents.get(entity.path("id").asString());
		return (parent != null) ? this.entities.get(parent) : null;
	}

	static String url(JsonNode entity) {
		return entity.path("http").path("request").path("url").asString("");
	}

}
