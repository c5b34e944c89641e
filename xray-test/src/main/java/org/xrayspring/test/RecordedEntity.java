package org.xrayspring.test;

import tools.jackson.databind.JsonNode;

/**
 * One segment or subsegment of the recorded traces, as the daemon received it.
 *
 * @param id its id
 * @param parentId its parent's id: the enclosing entity's for a nested subsegment, the
 * document's {@code parent_id} for a segment or an independent subsegment; {@code null}
 * for a segment that started its trace
 * @param traceId the trace id of the document it came in
 * @param segment whether it is a segment (the top of a document that is not
 * {@code "type": "subsegment"})
 * @param json the entity as received, its nested subsegments included
 */
public record RecordedEntity(String id, String parentId, String traceId, boolean segment, JsonNode json) {

	/**
	 * The entity's name.
	 * @return the name
	 */
	public String name() {
		return this.json.path("name").asString();
	}

	/**
	 * The subsegment's namespace ({@code aws}, {@code remote}).
	 * @return the namespace, {@code null} when it has none
	 */
	public String namespace() {
		return this.json.path("namespace").asString(null);
	}

	/**
	 * Whether the entity records an SQL statement (it has an {@code sql} object).
	 * @return whether it does
	 */
	public boolean isSql() {
		return this.json.path("sql").isObject();
	}

	@Override
	public String toString() {
		return (this.segment ? "segment " : "subsegment ") + name() + " (" + this.id + ")";
	}

}
