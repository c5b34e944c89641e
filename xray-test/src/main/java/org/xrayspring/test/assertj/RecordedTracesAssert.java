package org.xrayspring.test.assertj;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractAssert;

import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

/**
 * Assertions on recorded traces, every document of which was validated against AWS's
 * segment document schema when they were assembled.
 */
public class RecordedTracesAssert extends AbstractAssert<RecordedTracesAssert, RecordedTraces> {

	/**
	 * Assertions on the traces.
	 * @param traces the traces
	 */
	public RecordedTracesAssert(RecordedTraces traces) {
		super(traces, RecordedTracesAssert.class);
	}

	/**
	 * Verifies that nothing was recorded.
	 * @return this
	 */
	public RecordedTracesAssert isEmpty() {
		isNotNull();
		if (!this.actual.documents().isEmpty()) {
			failWithMessage("Expected no documents but got %s: %s", this.actual.documents().size(),
					this.actual.entities());
		}
		return this;
	}

	/**
	 * Verifies that something was recorded.
	 * @return this
	 */
	public RecordedTracesAssert isNotEmpty() {
		isNotNull();
		if (this.actual.documents().isEmpty()) {
			failWithMessage("Expected documents but none was emitted");
		}
		return this;
	}

	/**
	 * Verifies the number of distinct traces.
	 * @param count the expected number
	 * @return this
	 */
	public RecordedTracesAssert hasTraceCount(int count) {
		isNotNull();
		Set<String> traceIds = this.actual.traceIds();
		if (traceIds.size() != count) {
			failWithMessage("Expected %s traces but got %s: %s", count, traceIds.size(), traceIds);
		}
		return this;
	}

	/**
	 * Verifies that every document belongs to one trace, and that it is this one.
	 * @param traceId the expected trace id ({@code 1-xxxxxxxx-…})
	 * @return this
	 */
	public RecordedTracesAssert hasTraceId(String traceId) {
		isNotNull();
		if (!this.actual.traceIds().equals(Set.of(traceId))) {
			failWithMessage("Expected every document to be in trace <%s> but the traces were %s", traceId,
					this.actual.traceIds());
		}
		return this;
	}

	/**
	 * Verifies that the trace was recorded, and returns assertions on its entities only.
	 * @param traceId the trace id
	 * @return assertions on that trace
	 */
	public RecordedTracesAssert trace(String traceId) {
		isNotNull();
		if (!this.actual.traceIds().contains(traceId)) {
			failWithMessage("Expected trace <%s> among %s", traceId, this.actual.traceIds());
		}
		return new RecordedTracesAssert(this.actual.trace(traceId));
	}

	/**
	 * Verifies that exactly one segment was recorded, and returns assertions on it.
	 * @return assertions on the segment
	 */
	public RecordedEntityAssert singleSegment() {
		isNotNull();
		List<RecordedEntity> segments = this.actual.segments();
		if (segments.size() != 1) {
			failWithMessage("Expected exactly one segment but got %s: %s", segments.size(), segments);
		}
		return new RecordedEntityAssert(segments.get(0), this.actual);
	}

	/**
	 * Verifies that exactly one segment has the name, and returns assertions on it.
	 * @param name the name
	 * @return assertions on the segment
	 */
	public RecordedEntityAssert hasSegmentNamed(String name) {
		isNotNull();
		return one(this.actual.segments(), name, "segment");
	}

	/**
	 * Verifies that exactly one subsegment has the name, and returns assertions on it.
	 * @param name the name
	 * @return assertions on the subsegment
	 */
	public RecordedEntityAssert hasSubsegmentNamed(String name) {
		isNotNull();
		return one(this.actual.subsegments(), name, "subsegment");
	}

	private RecordedEntityAssert one(List<RecordedEntity> candidates, String name, String what) {
		List<RecordedEntity> found = candidates.stream().filter((entity) -> entity.name().equals(name)).toList();
		if (found.size() != 1) {
			failWithMessage("Expected exactly one %s named <%s> but found %s among %s", what, name, found.size(),
					candidates);
		}
		return new RecordedEntityAssert(found.get(0), this.actual);
	}

	/**
	 * Verifies the number of subsegments, nested and independent.
	 * @param count the expected number
	 * @return this
	 */
	public RecordedTracesAssert hasSubsegmentCount(int count) {
		return hasSubsegments("subsegments", (entity) -> true, count);
	}

	/**
	 * Verifies the number of subsegments with a name.
	 * @param name the name
	 * @param count the expected number
	 * @return this
	 */
	public RecordedTracesAssert hasSubsegmentCount(String name, int count) {
		return hasSubsegments("subsegments named " + name, (entity) -> entity.name().equals(name), count);
	}

	/**
	 * Verifies the number of SQL subsegments (those with an {@code sql} object): "this
	 * trace has 3 SQL subsegments".
	 * @param count the expected number
	 * @return this
	 */
	public RecordedTracesAssert hasSqlSubsegmentCount(int count) {
		return hasSubsegments("SQL subsegments", RecordedEntity::isSql, count);
	}

	/**
	 * Verifies the number of subsegments in a namespace ({@code aws} for AWS SDK calls,
	 * {@code remote} for HTTP calls).
	 * @param namespace the namespace
	 * @param count the expected number
	 * @return this
	 */
	public RecordedTracesAssert hasSubsegmentCountInNamespace(String namespace, int count) {
		return hasSubsegments("subsegments in namespace " + namespace, (entity) -> namespace.equals(entity.namespace()),
				count);
	}

	private RecordedTracesAssert hasSubsegments(String what, Predicate<RecordedEntity> filter, int count) {
		isNotNull();
		List<RecordedEntity> found = this.actual.subsegments().stream().filter(filter).toList();
		if (found.size() != count) {
			failWithMessage("Expected %s %s but got %s: %s", count, what, found.size(), found);
		}
		return this;
	}

	/**
	 * Verifies that no entity is marked {@code fault} or {@code error}.
	 * @return this
	 */
	public RecordedTracesAssert hasNoFaultsOrErrors() {
		isNotNull();
		List<RecordedEntity> failed = this.actual.entities()
			.stream()
			.filter((entity) -> entity.json().path("fault").asBoolean(false)
					|| entity.json().path("error").asBoolean(false))
			.toList();
		if (!failed.isEmpty()) {
			failWithMessage("Expected no entity marked fault or error but got %s", failed);
		}
		return this;
	}

}
