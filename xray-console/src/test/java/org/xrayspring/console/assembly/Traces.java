package org.xrayspring.console.assembly;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.xrayspring.console.document.InvalidDocumentException;
import org.xrayspring.console.document.ReceivedSegmentDocument;
import org.xrayspring.console.store.StoredTrace;
import org.xrayspring.console.store.TraceStore;

/**
 * Builds stored traces from document texts, as the receiver and PutTraceSegments store
 * them.
 *
 * @author xray-spring-boot
 */
final class Traces {

	static final String TRACE_ID = "1-6553f100-000000000000000000000001";

	private Traces() {
	}

	/**
	 * Store documents of trace {@link #TRACE_ID}.
	 * @param documents the document texts
	 * @return the stored trace
	 */
	static StoredTrace of(String... documents) {
		TraceStore store = new TraceStore(10, 10_000, 64L * 1024 * 1024,
				Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneOffset.UTC));
		for (String document : documents) {
			try {
				for (ReceivedSegmentDocument segment : ReceivedSegmentDocument.parse(document)) {
					store.add(segment);
				}
			}
			catch (InvalidDocumentException ex) {
				throw new IllegalArgumentException(ex.getMessage() + ": " + document, ex);
			}
		}
		return store.get(TRACE_ID);
	}

	/**
	 * A segment of trace {@link #TRACE_ID}.
	 * @param id the id
	 * @param name the name
	 * @param start the start, seconds after 1700000000
	 * @param end the end, seconds after 1700000000
	 * @param members further members (may be empty)
	 * @return the document
	 */
	static String segment(String id, String name, double start, double end, String members) {
		return "{\"trace_id\":\"" + TRACE_ID + "\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"start_time\":"
				+ (1_700_000_000 + start) + ",\"end_time\":" + (1_700_000_000 + end)
				+ (members.isEmpty() ? "" : "," + members) + "}";
	}

	/**
	 * An independent subsegment of trace {@link #TRACE_ID}.
	 * @param id the id
	 * @param parentId the parent's id
	 * @param name the name
	 * @param start the start, seconds after 1700000000
	 * @param end the end, seconds after 1700000000
	 * @param members further members (may be empty)
	 * @return the document
	 */
	static String subsegment(String id, String parentId, String name, double start, double end, String members) {
		return "{\"type\":\"subsegment\",\"trace_id\":\"" + TRACE_ID + "\",\"parent_id\":\"" + parentId + "\",\"id\":\""
				+ id + "\",\"name\":\"" + name + "\",\"start_time\":" + (1_700_000_000 + start) + ",\"end_time\":"
				+ (1_700_000_000 + end) + (members.isEmpty() ? "" : "," + members) + "}";
	}

	/**
	 * An embedded subsegment, for a {@code subsegments} array.
	 * @param id the id
	 * @param name the name
	 * @param start the start, seconds after 1700000000
	 * @param end the end, seconds after 1700000000
	 * @param members further members (may be empty)
	 * @return the JSON object
	 */
	static String embedded(String id, String name, double start, double end, String members) {
		return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"start_time\":" + (1_700_000_000 + start)
				+ ",\"end_time\":" + (1_700_000_000 + end) + (members.isEmpty() ? "" : "," + members) + "}";
	}

}
