package org.xrayspring.console.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.xrayspring.console.document.ReceivedSegmentDocument;

import org.springframework.util.Assert;

/**
 * Bounded in-memory store of traces. Documents may arrive in any order; an
 * {@code in_progress} document is replaced by the complete document with the same id,
 * never the other way round. The store is bounded in traces and in bytes (each document's
 * {@linkplain ReceivedSegmentDocument#getRetainedSize() retained size}): beyond either
 * limit the traces first seen earliest are evicted, and counted by reason. A single trace
 * holds at most {@code maxDocumentsPerTrace} documents and a quarter of the byte budget;
 * further documents are dropped and counted, and the trace is marked as having exceeded
 * its limit. Thread-safe.
 *
 * @author xray-spring-boot
 */
public final class TraceStore {

	private static final Comparator<ReceivedSegmentDocument> DOCUMENT_ORDER = Comparator
		.comparingDouble(ReceivedSegmentDocument::getStartTime)
		.thenComparing(ReceivedSegmentDocument::getId);

	private static final Comparator<StoredTrace> NEWEST_FIRST = Comparator.comparingDouble(StoredTrace::getStartTime)
		.reversed()
		.thenComparing(StoredTrace::getTraceId);

	private final int maxTraces;

	private final int maxDocumentsPerTrace;

	private final long maxBytes;

	private final long maxTraceBytes;

	private final Clock clock;

	/** Insertion order is first-seen order, which is the eviction order. */
	private final LinkedHashMap<String, StoredTrace> traces = new LinkedHashMap<>();

	private long documentCount;

	private long bytes;

	private long evictedForTraces;

	private long evictedForBytes;

	private long droppedForDocuments;

	private long droppedForBytes;

	private long staleDocuments;

	private long addedDocuments;

	/**
	 * Create a store.
	 * @param maxTraces the maximum number of traces held
	 * @param maxDocumentsPerTrace the maximum number of documents held per trace
	 * @param maxBytes the maximum retained size of all traces, in bytes; one trace may
	 * take a quarter of it
	 * @param clock the clock for arrival times
	 */
	public TraceStore(int maxTraces, int maxDocumentsPerTrace, long maxBytes, Clock clock) {
		Assert.isTrue(maxTraces > 0, "maxTraces must be positive");
		Assert.isTrue(maxDocumentsPerTrace > 0, "maxDocumentsPerTrace must be positive");
		Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
		this.maxTraces = maxTraces;
		this.maxDocumentsPerTrace = maxDocumentsPerTrace;
		this.maxBytes = maxBytes;
		this.maxTraceBytes = Math.max(1, maxBytes / 4);
		this.clock = clock;
	}

	/**
	 * Add a document.
	 * @param document the document
	 * @return what happened to it
	 */
	public synchronized AddResult add(ReceivedSegmentDocument document) {
		Instant now = this.clock.instant();
		StoredTrace existing = this.traces.get(document.getTraceId());
		if (existing == null) {
			StoredTrace trace = new StoredTrace(document.getTraceId(), List.of(document), now, now, false);
			if (trace.getRetainedSize() > this.maxTraceBytes) {
				this.droppedForBytes++;
				return AddResult.DROPPED_TRACE_FULL;
			}
			this.traces.put(document.getTraceId(), trace);
			this.documentCount++;
			this.addedDocuments++;
			this.bytes += trace.getRetainedSize();
			evictIfNeeded(trace.getTraceId());
			return AddResult.ADDED;
		}
		List<ReceivedSegmentDocument> documents = new ArrayList<>(existing.getDocuments());
		AddResult result = AddResult.ADDED;
		int index = indexOf(documents, document.getId());
		if (index >= 0) {
			if (document.isInProgress() && !documents.get(index).isInProgress()) {
				// A late in-progress version must not hide the complete one.
				this.staleDocuments++;
				return AddResult.IGNORED_STALE;
			}
			if (existing.getRetainedSize() - documents.get(index).getRetainedSize()
					+ document.getRetainedSize() > this.maxTraceBytes) {
				return dropFromFullTrace(existing, documents, now, false);
			}
			documents.set(index, document);
			result = AddResult.REPLACED;
		}
		else if (documents.size() >= this.maxDocumentsPerTrace) {
			return dropFromFullTrace(existing, documents, now, true);
		}
		else if (existing.getRetainedSize() + document.getRetainedSize() > this.maxTraceBytes) {
			return dropFromFullTrace(existing, documents, now, false);
		}
		else {
			documents.add(document);
			this.documentCount++;
			this.addedDocuments++;
		}
		documents.sort(DOCUMENT_ORDER);
		StoredTrace updated = new StoredTrace(existing.getTraceId(), documents, existing.getFirstReceived(), now,
				existing.isLimitExceeded());
		this.traces.put(existing.getTraceId(), updated);
		this.bytes += updated.getRetainedSize() - existing.getRetainedSize();
		evictIfNeeded(updated.getTraceId());
		return result;
	}

	private AddResult dropFromFullTrace(StoredTrace existing, List<ReceivedSegmentDocument> documents, Instant now,
			boolean byCount) {
		if (byCount) {
			this.droppedForDocuments++;
		}
		else {
			this.droppedForBytes++;
		}
		if (!existing.isLimitExceeded()) {
			StoredTrace marked = new StoredTrace(existing.getTraceId(), documents, existing.getFirstReceived(), now,
					true);
			this.traces.put(existing.getTraceId(), marked);
			this.bytes += marked.getRetainedSize() - existing.getRetainedSize();
		}
		return AddResult.DROPPED_TRACE_FULL;
	}

	private static int indexOf(List<ReceivedSegmentDocument> documents, String id) {
		for (int i = 0; i < documents.size(); i++) {
			if (documents.get(i).getId().equals(id)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Evict the traces first seen earliest until both limits hold. The trace just written
	 * is kept: it is within the per-trace limit, a quarter of the byte budget, so
	 * evicting the others is always enough.
	 */
	private void evictIfNeeded(String current) {
		Iterator<StoredTrace> iterator = this.traces.values().iterator();
		while ((this.traces.size() > this.maxTraces || this.bytes > this.maxBytes) && iterator.hasNext()) {
			StoredTrace eldest = iterator.next();
			if (eldest.getTraceId().equals(current)) {
				continue;
			}
			boolean overCount = this.traces.size() > this.maxTraces;
			iterator.remove();
			this.documentCount -= eldest.getDocuments().size();
			this.bytes -= eldest.getRetainedSize();
			if (overCount) {
				this.evictedForTraces++;
			}
			else {
				this.evictedForBytes++;
			}
		}
	}

	/**
	 * Return a trace.
	 * @param traceId the trace id (any case)
	 * @return the trace or {@code null} if not held
	 */
	public synchronized @Nullable StoredTrace get(String traceId) {
		return this.traces.get(traceId.toLowerCase(Locale.ROOT));
	}

	/**
	 * Return all traces held, newest start time first.
	 * @return a snapshot list
	 */
	public List<StoredTrace> getTraces() {
		List<StoredTrace> snapshot;
		synchronized (this) {
			snapshot = new ArrayList<>(this.traces.values());
		}
		snapshot.sort(NEWEST_FIRST);
		return snapshot;
	}

	/**
	 * Remove all traces. Counters are kept.
	 */
	public synchronized void clear() {
		this.traces.clear();
		this.documentCount = 0;
		this.bytes = 0;
	}

	/**
	 * Return the store's counters.
	 * @return a snapshot of the counters
	 */
	public synchronized Stats getStats() {
		return new Stats(this.traces.size(), this.documentCount, this.bytes, this.addedDocuments, this.evictedForTraces,
				this.evictedForBytes, this.droppedForDocuments, this.droppedForBytes, this.staleDocuments,
				this.maxTraces, this.maxDocumentsPerTrace, this.maxBytes, this.maxTraceBytes);
	}

	/**
	 * Result of {@link #add(ReceivedSegmentDocument)}.
	 */
	public enum AddResult {

		/** The document was new and is now held. */
		ADDED,

		/** The document replaced an earlier version with the same id. */
		REPLACED,

		/** An in-progress document arrived after the complete one and was ignored. */
		IGNORED_STALE,

		/**
		 * The trace already held the maximum number of documents or bytes; the document
		 * was dropped.
		 */
		DROPPED_TRACE_FULL

	}

	/**
	 * Store counters.
	 *
	 * @param traces traces held
	 * @param documents documents held
	 * @param bytes estimated retained size of the traces held
	 * @param addedDocuments documents ever added (not counting replacements)
	 * @param evictedForTraces traces evicted because the store held {@code maxTraces}
	 * @param evictedForBytes traces evicted because the store held {@code maxBytes}
	 * @param droppedForDocuments documents dropped because their trace held
	 * {@code maxDocumentsPerTrace}
	 * @param droppedForBytes documents dropped because their trace would have exceeded
	 * {@code maxTraceBytes}
	 * @param staleDocuments in-progress documents ignored because the complete one was
	 * already held
	 * @param maxTraces the trace limit
	 * @param maxDocumentsPerTrace the per-trace document limit
	 * @param maxBytes the byte limit of the whole store
	 * @param maxTraceBytes the byte limit of one trace
	 */
	public record Stats(int traces, long documents, long bytes, long addedDocuments, long evictedForTraces,
			long evictedForBytes, long droppedForDocuments, long droppedForBytes, long staleDocuments, int maxTraces,
			int maxDocumentsPerTrace, long maxBytes, long maxTraceBytes) {

		/**
		 * Return the traces evicted for either limit.
		 * @return the count
		 */
		public long evictedTraces() {
			return this.evictedForTraces + this.evictedForBytes;
		}

		/**
		 * Return the documents dropped for either per-trace limit.
		 * @return the count
		 */
		public long droppedDocuments() {
			return this.droppedForDocuments + this.droppedForBytes;
		}

	}

}
