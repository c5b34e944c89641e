package org.xrayspring.console.document;

import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Checks the type of every field the console reads, in a document and in each of its
 * embedded subsegments, so that whatever the store accepts can be summarized, queried and
 * shown: {@code subsegments} an array of objects nested at most {@value #MAX_DEPTH}
 * levels, {@code http}, {@code aws}, {@code sql}, {@code service}, {@code annotations}
 * and {@code metadata} objects, annotation values strings, finite numbers or booleans,
 * {@code cause} an exception id or an object, times finite numbers, flags booleans.
 * Fields the console does not read are left alone; {@code null} counts as absent.
 *
 * @author xray-spring-boot
 */
final class DocumentShape {

	/**
	 * Deepest nesting of embedded subsegments accepted (the document itself is level 0).
	 */
	static final int MAX_DEPTH = 64;

	private static final Pattern HEX_ID = Pattern.compile("[0-9a-fA-F]{16}");

	private static final String[] FLAGS = { "in_progress", "fault", "error", "throttle" };

	private static final String[] STRINGS = { "namespace", "origin", "user", "type", "resource_arn" };

	private static final String[] OBJECTS = { "aws", "sql", "service", "metadata" };

	private final @Nullable String documentId;

	private DocumentShape(@Nullable String documentId) {
		this.documentId = documentId;
	}

	/**
	 * Check a document whose required top-level fields were already checked.
	 * @param document the document
	 * @param id the document's id, for the error
	 * @throws InvalidDocumentException at the first field of the wrong type
	 */
	static void check(JsonNode document, String id) throws InvalidDocumentException {
		new DocumentShape(id).entity(document, "", 0);
	}

	private void entity(JsonNode entity, String path, int depth) throws InvalidDocumentException {
		if (depth > 0) {
			JsonNode id = entity.get("id");
			if (id == null || !id.isString() || !HEX_ID.matcher(id.stringValue()).matches()) {
				throw invalid(path + "id", "must be 16 hexadecimal digits");
			}
			JsonNode name = entity.get("name");
			if (name == null || !name.isString() || name.stringValue().isBlank()) {
				throw invalid(path + "name", "is required");
			}
			if (entity.path("start_time").isMissingNode() || entity.get("start_time").isNull()) {
				throw invalid(path + "start_time", "is required");
			}
		}
		finiteNumber(entity, "start_time", path);
		finiteNumber(entity, "end_time", path);
		for (String flag : FLAGS) {
			ofType(entity, flag, path, JsonNode::isBoolean, "a boolean");
		}
		for (String field : STRINGS) {
			ofType(entity, field, path, JsonNode::isString, "a string");
		}
		JsonNode parentId = entity.get("parent_id");
		if (parentId != null && !parentId.isNull()
				&& (!parentId.isString() || !HEX_ID.matcher(parentId.stringValue()).matches())) {
			throw invalid(path + "parent_id", "must be 16 hexadecimal digits");
		}
		for (String field : OBJECTS) {
			ofType(entity, field, path, JsonNode::isObject, "an object");
		}
		http(entity, path);
		ofType(entity.path("aws"), "xray", path + "aws.", JsonNode::isObject, "an object");
		annotations(entity, path);
		cause(entity, path);
		stringArray(entity, "precursor_ids", path);
		subsegments(entity, path, depth);
	}

	private void http(JsonNode entity, String path) throws InvalidDocumentException {
		if (!ofType(entity, "http", path, JsonNode::isObject, "an object")) {
			return;
		}
		JsonNode http = entity.get("http");
		String prefix = path + "http.";
		if (ofType(http, "request", prefix, JsonNode::isObject, "an object")) {
			JsonNode request = http.get("request");
			for (String field : new String[] { "method", "url", "user_agent", "client_ip" }) {
				ofType(request, field, prefix + "request.", JsonNode::isString, "a string");
			}
			for (String field : new String[] { "traced", "x_forwarded_for" }) {
				ofType(request, field, prefix + "request.", JsonNode::isBoolean, "a boolean");
			}
		}
		if (ofType(http, "response", prefix, JsonNode::isObject, "an object")) {
			ofType(http.get("response"), "status", prefix + "response.", DocumentShape::isStatusCode,
					"an HTTP status code (an integer from 0 to 999)");
			finiteNumber(http.get("response"), "content_length", prefix + "response.");
		}
	}

	private void annotations(JsonNode entity, String path) throws InvalidDocumentException {
		if (!ofType(entity, "annotations", path, JsonNode::isObject, "an object")) {
			return;
		}
		for (Map.Entry<String, JsonNode> annotation : entity.get("annotations").properties()) {
			JsonNode value = annotation.getValue();
			boolean scalar = value.isNull() || value.isString() || value.isBoolean()
					|| (value.isNumber() && Double.isFinite(value.doubleValue()));
			if (!scalar) {
				throw invalid(path + "annotations." + annotation.getKey(),
						"must be a string, a finite number or a boolean");
			}
		}
	}

	private void cause(JsonNode entity, String path) throws InvalidDocumentException {
		JsonNode cause = entity.get("cause");
		if (cause == null || cause.isNull()) {
			return;
		}
		if (cause.isString()) {
			if (!HEX_ID.matcher(cause.stringValue()).matches()) {
				throw invalid(path + "cause", "must be an exception id (16 hexadecimal digits) or an object");
			}
			return;
		}
		if (!cause.isObject()) {
			throw invalid(path + "cause", "must be an exception id (16 hexadecimal digits) or an object");
		}
		String prefix = path + "cause.";
		ofType(cause, "working_directory", prefix, JsonNode::isString, "a string");
		stringArray(cause, "paths", prefix);
		if (!ofType(cause, "exceptions", prefix, JsonNode::isArray, "an array")) {
			return;
		}
		int index = 0;
		for (JsonNode exception : cause.get("exceptions")) {
			String at = prefix + "exceptions[" + index++ + "]";
			if (!exception.isObject()) {
				throw invalid(at, "must be an object");
			}
			for (String field : new String[] { "id", "message", "type", "cause" }) {
				ofType(exception, field, at + ".", JsonNode::isString, "a string");
			}
			ofType(exception, "remote", at + ".", JsonNode::isBoolean, "a boolean");
			finiteNumber(exception, "truncated", at + ".");
			finiteNumber(exception, "skipped", at + ".");
			if (ofType(exception, "stack", at + ".", JsonNode::isArray, "an array")) {
				int frameIndex = 0;
				for (JsonNode frame : exception.get("stack")) {
					String frameAt = at + ".stack[" + frameIndex++ + "]";
					if (!frame.isObject()) {
						throw invalid(frameAt, "must be an object");
					}
					ofType(frame, "path", frameAt + ".", JsonNode::isString, "a string");
					ofType(frame, "label", frameAt + ".", JsonNode::isString, "a string");
					finiteNumber(frame, "line", frameAt + ".");
				}
			}
		}
	}

	private void subsegments(JsonNode entity, String path, int depth) throws InvalidDocumentException {
		if (!ofType(entity, "subsegments", path, JsonNode::isArray, "an array of objects")) {
			return;
		}
		JsonNode subsegments = entity.get("subsegments");
		if (!subsegments.isEmpty() && depth + 1 > MAX_DEPTH) {
			throw invalid(path + "subsegments", "are nested deeper than " + MAX_DEPTH + " levels");
		}
		int index = 0;
		for (JsonNode subsegment : subsegments) {
			String at = path + "subsegments[" + index++ + "]";
			if (!subsegment.isObject()) {
				throw invalid(at, "must be an object");
			}
			entity(subsegment, at + ".", depth + 1);
		}
	}

	private static boolean isStatusCode(JsonNode value) {
		return value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0 && value.intValue() <= 999;
	}

	private void stringArray(JsonNode node, String field, String path) throws InvalidDocumentException {
		if (!ofType(node, field, path, JsonNode::isArray, "an array of strings")) {
			return;
		}
		for (JsonNode element : node.get(field)) {
			if (!element.isString()) {
				throw invalid(path + field, "must be an array of strings");
			}
		}
	}

	private void finiteNumber(JsonNode node, String field, String path) throws InvalidDocumentException {
		ofType(node, field, path, (value) -> value.isNumber() && Double.isFinite(value.doubleValue()),
				"a finite number");
	}

	/**
	 * Check that a field, if present and not {@code null}, passes a test. A {@code null}
	 * value is read as absent, as every reader of the document does.
	 * @return whether the field is present (and valid)
	 */
	private boolean ofType(JsonNode node, String field, String path, TypeTest test, String expected)
			throws InvalidDocumentException {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			return false;
		}
		if (!test.matches(value)) {
			throw invalid(path + field, "must be " + expected);
		}
		return true;
	}

	private InvalidDocumentException invalid(String field, String problem) {
		return new InvalidDocumentException(DocumentError.INVALID_FIELD, this.documentId,
				"Invalid segment. '" + abbreviate(field) + "' " + problem);
	}

	private static String abbreviate(String field) {
		return (field.length() > 200) ? "…" + field.substring(field.length() - 199) : field;
	}

	@FunctionalInterface
	private interface TypeTest {

		boolean matches(JsonNode value);

	}

}
