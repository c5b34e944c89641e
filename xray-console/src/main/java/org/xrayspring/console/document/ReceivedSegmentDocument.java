package org.xrayspring.console.document;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One accepted segment document: a segment, or an independently sent subsegment. Holds
 * the verbatim text as received and the parsed tree; both are treated as immutable. Every
 * field the console reads has been checked for its type, in the document and in its
 * embedded subsegments (see {@code DocumentShape}).
 *
 * @author xray-spring-boot
 */
public final class ReceivedSegmentDocument {

	private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}");

	private static final Pattern SEGMENT_ID = Pattern.compile("[0-9a-fA-F]{16}");

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** This object and the strings it derives from the tree (the lower-case trace id). */
	private static final int DOCUMENT_OVERHEAD = 256;

	private final String text;

	private final ObjectNode tree;

	private final String id;

	private final String traceId;

	private final @Nullable String parentId;

	private final String name;

	private final boolean subsegment;

	private final boolean inProgress;

	private final double startTime;

	private final double endTime;

	private final long retainedSize;

	private ReceivedSegmentDocument(String text, ObjectNode tree) throws InvalidDocumentException {
		this.text = text;
		this.tree = tree;
		JsonNode idNode = tree.get("id");
		String rawId = (idNode != null && idNode.isString()) ? idNode.stringValue() : null;
		if (rawId == null || !SEGMENT_ID.matcher(rawId).matches()) {
			throw new InvalidDocumentException(DocumentError.INVALID_SEGMENT_ID, rawId,
					"Invalid segment. 'id' must be 16 hexadecimal digits, got " + quote(rawId));
		}
		this.id = rawId;
		String rawTraceId = string(tree, "trace_id");
		if (rawTraceId == null || !TRACE_ID.matcher(rawTraceId).matches()) {
			throw new InvalidDocumentException(DocumentError.INVALID_TRACE_ID, rawId,
					"Invalid segment. ErrorCode: InvalidTraceId ('trace_id' was " + quote(rawTraceId) + ")");
		}
		this.traceId = rawTraceId.toLowerCase(java.util.Locale.ROOT);
		String rawName = string(tree, "name");
		if (rawName == null || rawName.isBlank()) {
			throw new InvalidDocumentException(DocumentError.MISSING_NAME, rawId,
					"Invalid segment. 'name' is required");
		}
		this.name = rawName;
		this.subsegment = "subsegment".equals(string(tree, "type"));
		this.parentId = string(tree, "parent_id");
		if (this.subsegment && this.parentId == null) {
			throw new InvalidDocumentException(DocumentError.MISSING_PARENT_ID, rawId,
					"Invalid subsegment. An independent subsegment needs 'parent_id'");
		}
		JsonNode start = tree.get("start_time");
		if (!isFiniteNumber(start)) {
			throw new InvalidDocumentException(DocumentError.INVALID_TIMESTAMP, rawId,
					"Invalid segment. 'start_time' must be a number of epoch seconds");
		}
		this.startTime = start.doubleValue();
		JsonNode end = tree.get("end_time");
		JsonNode progress = tree.get("in_progress");
		this.inProgress = progress != null && progress.isBoolean() && progress.booleanValue();
		if (end != null && !end.isNull() && !isFiniteNumber(end)) {
			throw new InvalidDocumentException(DocumentError.INVALID_TIMESTAMP, rawId,
					"Invalid segment. 'end_time' must be a number of epoch seconds");
		}
		if (isFiniteNumber(end)) {
			this.endTime = end.doubleValue();
		}
		else if (this.inProgress) {
			this.endTime = Double.NaN;
		}
		else {
			throw new InvalidDocumentException(DocumentError.INVALID_TIMESTAMP, rawId,
					"Invalid segment. Either 'end_time' (a number) or 'in_progress' (true) is required");
		}
		DocumentShape.check(tree, rawId);
		long estimate = DOCUMENT_OVERHEAD + RetainedSize.STRING_OVERHEAD + RetainedSize.characters(text)
				+ RetainedSize.of(tree);
		// A sixteenth more for what the measurement could not attribute to single nodes
		// (up to 3 %).
		this.retainedSize = estimate + estimate / 16;
	}

	private static boolean isFiniteNumber(@Nullable JsonNode node) {
		return node != null && node.isNumber() && Double.isFinite(node.doubleValue());
	}

	/**
	 * Parse and validate one document as sent to the daemon or in
	 * {@code TraceSegmentDocuments}. A JSON array is read as a list of independent
	 * subsegments, as the PutTraceSegments API allows.
	 * @param text the document text
	 * @return the documents (one unless {@code text} is an array)
	 * @throws InvalidDocumentException if the document cannot be accepted
	 */
	public static List<ReceivedSegmentDocument> parse(String text) throws InvalidDocumentException {
		if (text.isBlank()) {
			throw new InvalidDocumentException(DocumentError.EMPTY_DOCUMENT, null, "Invalid segment. Empty document");
		}
		JsonNode node;
		try {
			node = MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			throw new InvalidDocumentException(DocumentError.INVALID_JSON, null,
					"Invalid segment. Not valid JSON: " + ex.getOriginalMessage());
		}
		if (node instanceof ObjectNode object) {
			return List.of(new ReceivedSegmentDocument(text, object));
		}
		if (node != null && node.isArray() && !node.isEmpty()) {
			List<ReceivedSegmentDocument> documents = new ArrayList<>(node.size());
			for (JsonNode element : node) {
				if (!(element instanceof ObjectNode object)) {
					throw new InvalidDocumentException(DocumentError.INVALID_JSON, null,
							"Invalid segment. Array elements must be JSON objects");
				}
				documents.add(new ReceivedSegmentDocument(MAPPER.writeValueAsString(object), object));
			}
			return documents;
		}
		throw new InvalidDocumentException(DocumentError.INVALID_JSON, null,
				"Invalid segment. A document must be a JSON object");
	}

	private static @Nullable String string(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static String quote(@Nullable String value) {
		return (value != null) ? "'" + value + "'" : "missing";
	}

	/**
	 * Return the document text exactly as received.
	 * @return the text
	 */
	public String getText() {
		return this.text;
	}

	/**
	 * Return the parsed document. Callers must not modify it.
	 * @return the JSON tree
	 */
	public ObjectNode getTree() {
		return this.tree;
	}

	/**
	 * Return the segment or subsegment id.
	 * @return the 16-hex-digit id
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * Return the trace id, lower case.
	 * @return the trace id
	 */
	public String getTraceId() {
		return this.traceId;
	}

	/**
	 * Return the {@code parent_id}: the calling subsegment for a segment, the parent for
	 * an independent subsegment.
	 * @return the parent id or {@code null}
	 */
	public @Nullable String getParentId() {
		return this.parentId;
	}

	/**
	 * Return the name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return whether this is an independently sent subsegment
	 * ({@code "type": "subsegment"}).
	 * @return {@code true} for a subsegment
	 */
	public boolean isSubsegment() {
		return this.subsegment;
	}

	/**
	 * Return whether the document is an in-progress version without {@code end_time}.
	 * @return {@code true} if in progress
	 */
	public boolean isInProgress() {
		return this.inProgress && Double.isNaN(this.endTime);
	}

	/**
	 * Return the start time.
	 * @return epoch seconds
	 */
	public double getStartTime() {
		return this.startTime;
	}

	/**
	 * Return the end time.
	 * @return epoch seconds, or {@code NaN} while in progress
	 */
	public double getEndTime() {
		return this.endTime;
	}

	/**
	 * Return an estimate of the heap this document keeps alive: its text, its parsed tree
	 * and this object. The parsed tree typically takes 1 to 8 times the text, up to about
	 * 30 times for pathological shapes (arrays of empty objects), and the estimate
	 * follows the actual shape.
	 * @return bytes
	 */
	public long getRetainedSize() {
		return this.retainedSize;
	}

	/**
	 * Return the trace id's time part (epoch seconds of the original request).
	 * @return epoch seconds
	 */
	public long getTraceIdEpochSecond() {
		return Long.parseLong(this.traceId.substring(2, 10), 16);
	}

	@Override
	public String toString() {
		return "SegmentDocument[" + this.traceId + "/" + this.id + " " + this.name + "]";
	}

}
