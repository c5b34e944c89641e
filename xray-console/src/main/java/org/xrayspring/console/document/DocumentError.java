package org.xrayspring.console.document;

/**
 * Why a segment document was refused. The codes are reported as {@code ErrorCode} in
 * {@code UnprocessedTraceSegments}.
 *
 * @author xray-spring-boot
 */
public enum DocumentError {

	/** The document is empty. */
	EMPTY_DOCUMENT("EmptyDocument"),

	/** The document is not valid JSON, or not a JSON object (or array of objects). */
	INVALID_JSON("InvalidJson"),

	/** The document is larger than the accepted maximum. */
	DOCUMENT_TOO_LARGE("DocumentTooLarge"),

	/** {@code trace_id} is missing or not {@code 1-<8 hex>-<24 hex>}. */
	INVALID_TRACE_ID("InvalidTraceId"),

	/** {@code id} is missing or not 16 hex digits. */
	INVALID_SEGMENT_ID("InvalidSegmentId"),

	/** {@code name} is missing or blank. */
	MISSING_NAME("MissingName"),

	/**
	 * {@code start_time} is missing or not a number, or neither {@code end_time} nor
	 * {@code in_progress} is set.
	 */
	INVALID_TIMESTAMP("InvalidTimestamp"),

	/** An independent subsegment without {@code parent_id}. */
	MISSING_PARENT_ID("MissingParentId"),

	/**
	 * A field the console reads has the wrong type (for example
	 * {@code "subsegments": "oops"}), an embedded subsegment lacks a required field, or
	 * subsegments are nested too deeply.
	 */
	INVALID_FIELD("InvalidField");

	private final String code;

	DocumentError(String code) {
		this.code = code;
	}

	/**
	 * Return the error code as reported by the API.
	 * @return the code, for example {@code InvalidTraceId}
	 */
	public String code() {
		return this.code;
	}

}
