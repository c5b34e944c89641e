package org.xrayspring.test.assertj;

import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

/**
 * Entry point for assertions on recorded traces:
 *
 * <pre class="code">
 * assertThat(emitter).hasSegmentNamed("orders")
 *     .hasHttpStatus(200)
 *     .hasSubsegmentNamed("DynamoDB")
 *     .hasNamespace("aws")
 *     .hasAws("operation", "GetItem");
 * assertThat(emitter).hasSqlSubsegmentCount(3);
 * </pre>
 *
 * Every document is validated against AWS's segment document schema first: an invalid one
 * fails the assertion.
 */
public final class XRayAssertions {

	private XRayAssertions() {
	}

	/**
	 * Assertions on what an emitter has kept so far.
	 * @param emitter the emitter
	 * @return the assertions
	 * @throws AssertionError when a document is invalid, could not be written or was
	 * dropped
	 */
	public static RecordedTracesAssert assertThat(InMemoryEmitter emitter) {
		return new RecordedTracesAssert(emitter.traces());
	}

	/**
	 * Assertions on traces.
	 * @param traces the traces
	 * @return the assertions
	 */
	public static RecordedTracesAssert assertThat(RecordedTraces traces) {
		return new RecordedTracesAssert(traces);
	}

	/**
	 * Assertions on one entity of traces.
	 * @param entity the entity
	 * @param traces the traces it belongs to, to navigate to its parent and subsegments
	 * @return the assertions
	 */
	public static RecordedEntityAssert assertThat(RecordedEntity entity, RecordedTraces traces) {
		return new RecordedEntityAssert(entity, traces);
	}

}
