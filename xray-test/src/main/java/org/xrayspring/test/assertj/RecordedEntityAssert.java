package org.xrayspring.test.assertj;

import java.util.List;
import java.util.Objects;

import org.assertj.core.api.AbstractAssert;
import tools.jackson.databind.JsonNode;

import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

/**
 * Assertions on one recorded segment or subsegment; navigating to its parent and
 * subsegments stays within the traces it was recorded in.
 */
public class RecordedEntityAssert extends AbstractAssert<RecordedEntityAssert, RecordedEntity> {

	private final RecordedTraces traces;

	/**
	 * Assertions on an entity of the traces.
	 * @param entity the entity
	 * @param traces the traces it belongs to
	 */
	public RecordedEntityAssert(RecordedEntity entity, RecordedTraces traces) {
		super(entity, RecordedEntityAssert.class);
		this.traces = traces;
	}

	private JsonNode json() {
		isNotNull();
		return this.actual.json();
	}

	/**
	 * Verifies the entity's name.
	 * @param name the expected name
	 * @return this
	 */
	public RecordedEntityAssert hasName(String name) {
		if (!Objects.equals(json().path("name").asString(null), name)) {
			failWithMessage("Expected %s to be named <%s>", this.actual, name);
		}
		return this;
	}

	/**
	 * Verifies that the entity is a segment.
	 * @return this
	 */
	public RecordedEntityAssert isSegment() {
		isNotNull();
		if (!this.actual.segment()) {
			failWithMessage("Expected %s to be a segment", this.actual);
		}
		return this;
	}

	/**
	 * Verifies that the entity is a subsegment.
	 * @return this
	 */
	public RecordedEntityAssert isSubsegment() {
		isNotNull();
		if (this.actual.segment()) {
			failWithMessage("Expected %s to be a subsegment", this.actual);
		}
		return this;
	}

	/**
	 * Verifies the subsegment's namespace ({@code aws}, {@code remote}).
	 * @param namespace the expected namespace
	 * @return this
	 */
	public RecordedEntityAssert hasNamespace(String namespace) {
		if (!Objects.equals(json().path("namespace").asString(null), namespace)) {
			failWithMessage("Expected %s to have namespace <%s> but it had <%s>", this.actual, namespace,
					json().path("namespace").asString(null));
		}
		return this;
	}

	/**
	 * Verifies the trace id of the document the entity came in.
	 * @param traceId the expected trace id ({@code 1-xxxxxxxx-…})
	 * @return this
	 */
	public RecordedEntityAssert hasTraceId(String traceId) {
		isNotNull();
		if (!Objects.equals(this.actual.traceId(), traceId)) {
			failWithMessage("Expected %s to be in trace <%s> but it was in <%s>", this.actual, traceId,
					this.actual.traceId());
		}
		return this;
	}

	/**
	 * Verifies the entity's parent id (for a segment, the caller's entity from the trace
	 * header).
	 * @param parentId the expected parent id
	 * @return this
	 */
	public RecordedEntityAssert hasParentId(String parentId) {
		isNotNull();
		if (!Objects.equals(this.actual.parentId(), parentId)) {
			failWithMessage("Expected %s to have parent id <%s> but it had <%s>", this.actual, parentId,
					this.actual.parentId());
		}
		return this;
	}

	/**
	 * Verifies that the entity is a direct child of another.
	 * @param parent the expected parent
	 * @return this
	 */
	public RecordedEntityAssert isChildOf(RecordedEntity parent) {
		return hasParentId(parent.id());
	}

	// fault, error, throttle

	/**
	 * Verifies that the entity is marked {@code fault} (a 5xx status or an exception).
	 * @return this
	 */
	public RecordedEntityAssert isFault() {
		return hasFlag("fault", true);
	}

	/**
	 * Verifies that the entity is not marked {@code fault}.
	 * @return this
	 */
	public RecordedEntityAssert isNotFault() {
		return hasFlag("fault", false);
	}

	/**
	 * Verifies that the entity is marked {@code error} (a 4xx status).
	 * @return this
	 */
	public RecordedEntityAssert isError() {
		return hasFlag("error", true);
	}

	/**
	 * Verifies that the entity is not marked {@code error}.
	 * @return this
	 */
	public RecordedEntityAssert isNotError() {
		return hasFlag("error", false);
	}

	/**
	 * Verifies that the entity is marked {@code throttle} (a 429 status).
	 * @return this
	 */
	public RecordedEntityAssert isThrottle() {
		return hasFlag("throttle", true);
	}

	/**
	 * Verifies that the entity is not marked {@code throttle}.
	 * @return this
	 */
	public RecordedEntityAssert isNotThrottle() {
		return hasFlag("throttle", false);
	}

	private RecordedEntityAssert hasFlag(String flag, boolean expected) {
		if (json().path(flag).asBoolean(false) != expected) {
			failWithMessage("Expected %s %sto be marked %s", this.actual, expected ? "" : "not ", flag);
		}
		return this;
	}

	/**
	 * Verifies that the entity is still open: sent {@code in_progress}.
	 * @return this
	 */
	public RecordedEntityAssert isInProgress() {
		if (!json().path("in_progress").asBoolean(false)) {
			failWithMessage("Expected %s to be in progress but it ended", this.actual);
		}
		return this;
	}

	/**
	 * Verifies that the entity records an exception of a type among its
	 * {@code cause.exceptions}.
	 * @param type the exception's class
	 * @return this
	 */
	public RecordedEntityAssert hasException(Class<? extends Throwable> type) {
		List<String> types = json().path("cause")
			.path("exceptions")
			.valueStream()
			.map((exception) -> exception.path("type").asString(""))
			.toList();
		if (!types.contains(type.getName())) {
			failWithMessage("Expected %s to record an exception of type <%s> but it recorded %s", this.actual,
					type.getName(), types);
		}
		return this;
	}

	// annotations and metadata

	/**
	 * Verifies that the entity has an annotation.
	 * @param key the annotation's key
	 * @return this
	 */
	public RecordedEntityAssert hasAnnotation(String key) {
		if (!json().path("annotations").has(key)) {
			failWithMessage("Expected %s to have annotation <%s> but it had %s", this.actual, key,
					json().path("annotations"));
		}
		return this;
	}

	/**
	 * Verifies an annotation's value (numbers compare by value).
	 * @param key the annotation's key
	 * @param value the expected value: a string, number or boolean
	 * @return this
	 */
	public RecordedEntityAssert hasAnnotation(String key, Object value) {
		return hasValue("annotations", json().path("annotations").path(key), key, value);
	}

	/**
	 * Verifies that the entity has no annotation with this key.
	 * @param key the annotation's key
	 * @return this
	 */
	public RecordedEntityAssert doesNotHaveAnnotation(String key) {
		if (json().path("annotations").has(key)) {
			failWithMessage("Expected %s not to have annotation <%s> but it was %s", this.actual, key,
					json().path("annotations").path(key));
		}
		return this;
	}

	/**
	 * Verifies a metadata value (numbers compare by value; objects compare as JSON given
	 * as a {@link JsonNode}).
	 * @param namespace the metadata namespace ({@code default} unless one was given)
	 * @param key the key
	 * @param value the expected value
	 * @return this
	 */
	public RecordedEntityAssert hasMetadata(String namespace, String key, Object value) {
		return hasValue("metadata." + namespace, json().path("metadata").path(namespace).path(key), key, value);
	}

	// http, aws, sql

	/**
	 * Verifies a field of {@code http.request} ({@code method}, {@code url},
	 * {@code client_ip}, …).
	 * @param field the field
	 * @param value the expected value
	 * @return this
	 */
	public RecordedEntityAssert hasHttpRequest(String field, Object value) {
		return hasValue("http.request", json().path("http").path("request").path(field), field, value);
	}

	/**
	 * Verifies a field of {@code http.response} ({@code status}, {@code content_length}).
	 * @param field the field
	 * @param value the expected value
	 * @return this
	 */
	public RecordedEntityAssert hasHttpResponse(String field, Object value) {
		return hasValue("http.response", json().path("http").path("response").path(field), field, value);
	}

	/**
	 * Verifies the HTTP method.
	 * @param method the expected method
	 * @return this
	 */
	public RecordedEntityAssert hasHttpMethod(String method) {
		return hasHttpRequest("method", method);
	}

	/**
	 * Verifies the recorded URL.
	 * @param url the expected URL
	 * @return this
	 */
	public RecordedEntityAssert hasHttpUrl(String url) {
		return hasHttpRequest("url", url);
	}

	/**
	 * Verifies the HTTP response status.
	 * @param status the expected status
	 * @return this
	 */
	public RecordedEntityAssert hasHttpStatus(int status) {
		return hasHttpResponse("status", status);
	}

	/**
	 * Verifies a field of {@code aws} ({@code operation}, {@code region},
	 * {@code table_name}, …).
	 * @param field the field
	 * @param value the expected value
	 * @return this
	 */
	public RecordedEntityAssert hasAws(String field, Object value) {
		return hasValue("aws", json().path("aws").path(field), field, value);
	}

	/**
	 * Verifies a field of {@code sql} ({@code url}, {@code database_type},
	 * {@code sanitized_query}, …).
	 * @param field the field
	 * @param value the expected value
	 * @return this
	 */
	public RecordedEntityAssert hasSql(String field, Object value) {
		return hasValue("sql", json().path("sql").path(field), field, value);
	}

	private RecordedEntityAssert hasValue(String object, JsonNode actualValue, String key, Object expected) {
		if (!JsonValues.matches(actualValue, expected)) {
			failWithMessage("Expected %s to have %s <%s> = <%s> but it was <%s>", this.actual, object, key, expected,
					actualValue.isMissingNode() ? "absent" : actualValue);
		}
		return this;
	}

	// structure

	/**
	 * Verifies the number of direct subsegments.
	 * @param count the expected number
	 * @return this
	 */
	public RecordedEntityAssert hasSubsegmentCount(int count) {
		isNotNull();
		List<RecordedEntity> children = this.traces.children(this.actual);
		if (children.size() != count) {
			failWithMessage("Expected %s to have %s direct subsegments but it had %s: %s", this.actual, count,
					children.size(), children);
		}
		return this;
	}

	/**
	 * Verifies that exactly one direct subsegment has the name, and returns assertions on
	 * it.
	 * @param name the name
	 * @return assertions on that subsegment
	 */
	public RecordedEntityAssert hasChildNamed(String name) {
		isNotNull();
		return one(this.traces.children(this.actual), name, "direct subsegment");
	}

	/**
	 * Verifies that exactly one subsegment at any depth under the entity has the name,
	 * and returns assertions on it: "this request produced a DynamoDB subsegment under
	 * its segment".
	 * @param name the name
	 * @return assertions on that subsegment
	 */
	public RecordedEntityAssert hasSubsegmentNamed(String name) {
		isNotNull();
		return one(this.traces.descendants(this.actual), name, "subsegment");
	}

	private RecordedEntityAssert one(List<RecordedEntity> candidates, String name, String what) {
		List<RecordedEntity> found = candidates.stream().filter((entity) -> entity.name().equals(name)).toList();
		if (found.size() != 1) {
			failWithMessage("Expected %s to have exactly one %s named <%s> but found %s among %s", this.actual, what,
					name, found.size(), candidates);
		}
		return new RecordedEntityAssert(found.get(0), this.traces);
	}

	/**
	 * Verifies the number of SQL subsegments (those with an {@code sql} object) at any
	 * depth under the entity.
	 * @param count the expected number
	 * @return this
	 */
	public RecordedEntityAssert hasSqlSubsegmentCount(int count) {
		isNotNull();
		List<RecordedEntity> sql = this.traces.descendants(this.actual).stream().filter(RecordedEntity::isSql).toList();
		if (sql.size() != count) {
			failWithMessage("Expected %s to have %s SQL subsegments but it had %s: %s", this.actual, count, sql.size(),
					sql);
		}
		return this;
	}

	/**
	 * Verifies that the parent was recorded, and returns assertions on it.
	 * @return assertions on the parent
	 */
	public RecordedEntityAssert parent() {
		isNotNull();
		RecordedEntity parent = this.traces.parent(this.actual).orElse(null);
		if (parent == null) {
			failWithMessage("Expected the parent <%s> of %s to have been recorded", this.actual.parentId(),
					this.actual);
		}
		return new RecordedEntityAssert(parent, this.traces);
	}

}
