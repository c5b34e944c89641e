package org.xrayspring.console.store;

import java.time.Instant;
import java.util.List;

import org.xrayspring.console.document.ReceivedSegmentDocument;

/**
 * An immutable snapshot of one trace: the current version of each document received for
 * it.
 *
 * @author xray-spring-boot
 */
public final class StoredTrace {

	/** This object, its document list and its entry in the store's map. */
	static final int OVERHEAD = 256;

	private final String traceId;

	private final List<ReceivedSegmentDocument> documents;

	private final Instant firstReceived;

	private final Instant lastUpdated;

	private final boolean limitExceeded;

	private final double startTime;

	private final long retainedSize;

	StoredTrace(String traceId, List<ReceivedSegmentDocument> documents, Instant firstReceived, Instant lastUpdated,
			boolean limitExceeded) {
		this.traceId = traceId;
		this.documents = List.copyOf(documents);
		this.firstReceived = firstReceived;
		this.lastUpdated = lastUpdated;
		this.limitExceeded = limitExceeded;
		this.startTime = documents.stream().mapToDouble(ReceivedSegmentDocument::getStartTime).min().orElse(0);
		this.retainedSize = OVERHEAD + documents.stream().mapToLong(ReceivedSegmentDocument::getRetainedSize).sum();
	}

	/**
	 * Return the trace id.
	 * @return the trace id, lower case
	 */
	public String getTraceId() {
		return this.traceId;
	}

	/**
	 * Return the documents (segments and independent subsegments), ordered by start time,
	 * then id.
	 * @return the documents
	 */
	public List<ReceivedSegmentDocument> getDocuments() {
		return this.documents;
	}

	/**
	 * Return when the first document of this trace arrived.
	 * @return the instant
	 */
	public Instant getFirstReceived() {
		return this.firstReceived;
	}

	/**
	 * Return when a document of this trace last arrived.
	 * @return the instant
	 */
	public Instant getLastUpdated() {
		return this.lastUpdated;
	}

	/**
	 * Return whether documents were dropped because the trace held too many.
	 * @return {@code true} if the per-trace limit was reached
	 */
	public boolean isLimitExceeded() {
		return this.limitExceeded;
	}

	/**
	 * Return an estimate of the heap this trace keeps alive: its documents (text and
	 * parsed form) and this object.
	 * @return bytes
	 */
	public long getRetainedSize() {
		return this.retainedSize;
	}

	/**
	 * Return the earliest {@code start_time} of the trace's documents.
	 * @return epoch seconds
	 */
	public double getStartTime() {
		return this.startTime;
	}

}
