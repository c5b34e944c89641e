package org.xrayspring.recorder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates segment documents against AWS's published JSON schema (xray-test's copy,
 * which the build puts on this module's test class path) and the protocol rules the
 * schema does not express (reference section 6). The recorder's own tests use this; every
 * other module's tests use xray-test's {@code XRayDocuments}, which this module cannot
 * depend on.
 */
public final class SegmentDocumentAssertions {

	/**
	 * The schema resource, identical to AWS's (checked by xray-test's SchemaCopyTests).
	 */
	public static final String SCHEMA_RESOURCE = "/org/xrayspring/test/xray-segmentdocument-schema-v1.0.0.json";

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	private static final Schema schema = loadSchema();

	private static final Pattern ENTITY_ID = Pattern.compile("[0-9a-f]{16}");

	private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");

	private SegmentDocumentAssertions() {
	}

	private static Schema loadSchema() {
		try (InputStream in = SegmentDocumentAssertions.class.getResourceAsStream(SCHEMA_RESOURCE)) {
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
	 * Asserts that a document is valid and returns its tree.
	 * @param json the document
	 * @return the parsed document
	 */
	public static JsonNode assertValidDocument(String json) {
		JsonNode node = parse(json);
		List<Error> errors = schema.validate(node);
		assertThat(errors).as("schema errors in %s", json).isEmpty();
		boolean independent = "subsegment".equals(node.path("type").asString(""));
		if (independent) {
			assertThat(node.path("trace_id").asString()).matches(TRACE_ID);
			assertThat(node.path("parent_id").asString()).matches(ENTITY_ID);
		}
		else {
			assertThat(node.path("trace_id").asString()).matches(TRACE_ID);
			if (node.has("parent_id")) {
				assertThat(node.path("parent_id").asString()).matches(ENTITY_ID);
			}
		}
		assertEntity(node, json);
		return node;
	}

	private static void assertEntity(JsonNode node, String json) {
		assertThat(node.path("id").asString()).as("id in %s", json).matches(ENTITY_ID);
		String name = node.path("name").asString();
		assertThat(name.length()).isBetween(1, 200);
		JsonNode start = node.path("start_time");
		assertThat(start.isNumber()).as("start_time is a number").isTrue();
		// seconds, not milliseconds: between 2001 and 2286
		assertThat(start.asDouble()).isBetween(1e9, 1e10);
		boolean hasEnd = node.has("end_time");
		boolean inProgress = node.path("in_progress").asBoolean(false);
		assertThat(hasEnd ^ inProgress).as("exactly one of end_time and in_progress in %s", json).isTrue();
		if (hasEnd) {
			assertThat(node.path("end_time").asDouble()).isGreaterThanOrEqualTo(start.asDouble());
		}
		node.path("metadata").properties().forEach((entry) -> assertThat(entry.getKey()).doesNotStartWith("AWS."));
		JsonNode cause = node.path("cause");
		if (cause.isObject()) {
			for (JsonNode exception : cause.path("exceptions")) {
				assertThat(exception.path("id").asString()).matches(ENTITY_ID);
				assertThat(exception.path("stack").size()).isLessThanOrEqualTo(50);
			}
		}
		for (JsonNode child : node.path("subsegments")) {
			assertThat(child.has("trace_id")).isFalse();
			assertEntity(child, json);
		}
	}

}
