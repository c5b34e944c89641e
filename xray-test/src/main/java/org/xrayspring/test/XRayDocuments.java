package org.xrayspring.test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segment documents as JSON: parsed, checked against AWS's published segment document
 * schema (bundled as {@value #SCHEMA_RESOURCE}) and the protocol rules the schema does
 * not express, and walked entity by entity.
 */
public final class XRayDocuments {

	/**
	 * The bundled schema, a byte-for-byte copy of AWS's
	 * {@code xray-segmentdocument-schema-v1.0.0.json}.
	 */
	public static final String SCHEMA_RESOURCE = "/org/xrayspring/test/xray-segmentdocument-schema-v1.0.0.json";

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	private static final Schema schema = loadSchema();

	private static final Pattern ENTITY_ID = Pattern.compile("[0-9a-f]{16}");

	private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");

	/**
	 * Start and end times are epoch seconds: this excludes milliseconds and microseconds
	 * sent by mistake.
	 */
	private static final double LATEST_PLAUSIBLE_SECONDS = 1e10;

	private static final double EARLIEST_PLAUSIBLE_SECONDS = 1e9;

	private static final int MAX_STACK_FRAMES = 50;

	private XRayDocuments() {
	}

	private static Schema loadSchema() {
		try (InputStream in = XRayDocuments.class.getResourceAsStream(SCHEMA_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the class path");
			}
			return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Parses a document.
	 * @param json the document
	 * @return the tree
	 */
	public static JsonNode parse(String json) {
		return mapper.readTree(json);
	}

	/**
	 * The ways a document breaks AWS's schema or the protocol's rules (ids of 16 hex
	 * digits, trace ids of the {@code 1-xxxxxxxx-…} form, times in epoch seconds, exactly
	 * one of {@code end_time} and {@code in_progress}, no {@code AWS.} metadata
	 * namespace, at most 50 stack frames, no {@code trace_id} on nested subsegments).
	 * @param json the document
	 * @return one line per problem; empty when the document is valid
	 */
	public static List<String> problems(String json) {
		JsonNode document;
		try {
			document = parse(json);
		}
		catch (JacksonException ex) {
			return List.of("not JSON: " + ex.getOriginalMessage());
		}
		List<String> problems = new ArrayList<>();
		for (Error error : schema.validate(document)) {
			problems.add("schema: " + error);
		}
		if (!TRACE_ID.matcher(document.path("trace_id").asString("")).matches()) {
			problems.add("trace_id is not of the form 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx");
		}
		boolean independent = "subsegment".equals(document.path("type").asString(""));
		if ((independent || document.has("parent_id"))
				&& !ENTITY_ID.matcher(document.path("parent_id").asString("")).matches()) {
			problems.add("parent_id is not 16 hex digits");
		}
		collectEntityProblems(document, "", problems);
		return problems;
	}

	private static void collectEntityProblems(JsonNode entity, String path, List<String> problems) {
		String where = path + entity.path("name").asString("?");
		if (!ENTITY_ID.matcher(entity.path("id").asString("")).matches()) {
			problems.add(where + ": id is not 16 hex digits");
		}
		JsonNode start = entity.path("start_time");
		if (!start.isNumber() || start.asDouble() < EARLIEST_PLAUSIBLE_SECONDS
				|| start.asDouble() > LATEST_PLAUSIBLE_SECONDS) {
			problems.add(where + ": start_time is not in epoch seconds: " + start);
		}
		boolean ended = entity.has("end_time");
		if (ended == entity.path("in_progress").asBoolean(false)) {
			problems.add(where + ": needs exactly one of end_time and in_progress");
		}
		if (ended && entity.path("end_time").asDouble() < start.asDouble()) {
			problems.add(where + ": end_time is before start_time");
		}
		entity.path("metadata").properties().forEach((namespace) -> {
			if (namespace.getKey().startsWith("AWS.")) {
				problems.add(where + ": metadata namespace " + namespace.getKey() + " is reserved for AWS");
			}
		});
		for (JsonNode exception : entity.path("cause").path("exceptions")) {
			if (!ENTITY_ID.matcher(exception.path("id").asString("")).matches()) {
				problems.add(where + ": exception id is not 16 hex digits");
			}
			if (exception.path("stack").size() > MAX_STACK_FRAMES) {
				problems.add(where + ": more than " + MAX_STACK_FRAMES + " stack frames");
			}
		}
		for (JsonNode child : entity.path("subsegments")) {
			if (child.has("trace_id")) {
				problems.add(where + " > " + child.path("name").asString("?") + ": nested subsegment has trace_id");
			}
			collectEntityProblems(child, where + " > ", problems);
		}
	}

	/**
	 * Asserts that a document is valid (see {@link #problems(String)}) and returns its
	 * tree.
	 * @param json the document
	 * @return the parsed document
	 * @throws AssertionError naming every problem and quoting the document
	 */
	public static JsonNode assertValidDocument(String json) {
		List<String> problems = problems(json);
		if (!problems.isEmpty()) {
			throw new AssertionError(
					"Invalid X-Ray segment document:\n  " + String.join("\n  ", problems) + "\nin " + json);
		}
		return parse(json);
	}

	/**
	 * Every entity in a document, depth first, the document's own entity first.
	 * @param document the document
	 * @return the entities
	 */
	public static List<JsonNode> entities(JsonNode document) {
		List<JsonNode> entities = new ArrayList<>();
		collect(document, entities);
		return entities;
	}

	private static void collect(JsonNode entity, List<JsonNode> entities) {
		entities.add(entity);
		for (JsonNode child : entity.path("subsegments")) {
			collect(child, entities);
		}
	}

	/**
	 * The entities in a document with the given name.
	 * @param document the document
	 * @param name the name
	 * @return the entities, depth first
	 */
	public static List<JsonNode> named(JsonNode document, String name) {
		return entities(document).stream().filter((entity) -> name.equals(entity.path("name").asString())).toList();
	}

}
