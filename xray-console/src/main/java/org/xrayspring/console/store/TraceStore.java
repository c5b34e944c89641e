package org.xrayspring.console.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xrayspring.console.document.SegmentDocument;

import org.springframework.util.Assert;

/**
 * Bounded in-memory store of traces. Documents may arrive in any order; an {@code in_progress} document is
 * replaced by the complete document with the same id, never the other way round. When more than
 * {@code maxTraces} traces are held, the trace that was first seen earliest is evicted and counted. Thread-safe.
 *
 * @author xray-spring-boot
 */
public final class TraceStore {

	private static final Comparator<SegmentDocument> DOCUMENT_ORDER = Comparator
		.comparingDouble(SegmentDocument::getStartTime)
		.thenComparing(SegmentDocument::getId);

	private static final Comparator<StoredTrace> NEWEST_FIRST = Comparator
		.comparingDouble(StoredTrace::getStartTime)
		.reversed()
		.thenComparing(StoredTrace::getTraceId);

	private final int maxTraces;

	private final int maxDocumentsPerTrace;

	private final Clock clock;

	/** Insertion order is first-seen order, which is the eviction order. */
	private final LinkedHashMap<String, StoredTrace> traces = new LinkedHashMap<>();

	private long documentCount;

	private long evictedTraces;

	private long droppedDocuments;

	private long staleDocuments;

	private long addedDocuments;

	/**
	 * Create a store.
	 * @param maxTraces the maximum number of traces held
	 * @param maxDocumentsPerTrace the maximum number of documents held per trace
	 * @param clock the clock for arrival times
	 */
	public TraceStore(int maxTraces, int maxDocumentsPerTrace, Clock clock) {
		Assert.isTrue(maxTraces > 0, "maxTraces must be positive");
		Assert.isTrue(maxDocumentsPerTrace > 0, "maxDocumentsPerTrace must be positive");
		this.maxTraces = maxTraces;
		this.maxDocumentsPerTrace = maxDocumentsPerTrace;
		this.clock = clock;
	}

	/**
	 * Add a document.
	 * @param document the document
	 * @return what happened to it
	 */
	public synchronized AddResult add(SegmentDocument document) {
		Instant now = this.clock.instant();
		StoredTrace existing = this.traces.get(document.getTraceId());
		if (existing == null) {
			this.traces.put(document.getTraceId(),
					new StoredTrace(document.getTraceId(), List.of(document), now, now, false));
			this.documentCount++;
			this.addedDocuments++;
			evictIfNeeded();
			return AddResult.ADDED;
		}
		List<SegmentDocument> documents = new ArrayList<>(existing.getDocuments());
		AddResult result = AddResult.ADDED;
		int index = indexOf(documents, document.getId());
		if (index >= 0) {
			if (document.isInProgress() && !documents.get(index).isInProgress()) {
				// A late in-progress version must not hide the complete one.
				this.staleDocuments++;
				return AddResult.IGNORED_STALE;
			}
			documents.set(index, document);
			result = AddResult.REPLACED;
		}
		else if (documents.size() >= this.maxDocumentsPerTrace) {
			this.droppedDocuments++;
			if (!existing.isLimitExceeded()) {
				this.traces.put(existing.getTraceId(), new StoredTrace(existing.getTraceId(), documents,
						existing.getFirstReceived(), now, true));
			}
			return AddResult.DROPPED_TRACE_FULL;
		}
		else {
			documents.add(document);
			this.documentCount++;
			this.addedDocuments++;
		}
		documents.sort(DOCUMENT_ORDER);
		this.traces.put(existing.getTraceId(), new StoredTrace(existing.getTraceId(), documents,
				existing.getFirstReceived(), now, existing.isLimitExceeded()));
		return result;
	}

	private static int indexOf(List<SegmentDocument> documents, String id) {
		for (int i = 0; i < documents.size(); i++) {
			if (documents.get(i).getId().equals(id)) {
				return i;
			}
		}
		return -1;
	}

	private void evictIfNeeded() {
		Iterator<StoredTrace> iterator = this.traces.values().iterator();
		while (this.traces.size() > this.maxTraces && iterator.hasNext()) {
			StoredTrace eldest = iterator.next();
			iterator.remove();
			this.documentCount -= eldest.getDocuments().size();
			this.evictedTraces++;
		}
	}

	/**
	 * Return a trace.
	 * @param traceId the trace id (any case)
	 * @return the trace or {@code null} if not held
	 */
	public synchronized @Nullable StoredTrace get(String traceId) {
		return this.traces.get(traceId.toLowerCase(java.util.Locale.ROOT));
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
	}

	/**
	 * Return the store's counters.
	 * @return a snapshot of the counters
	 */
	public synchronized Stats getStats() {
		return new Stats(this.traces.size(), this.documentCount, this.addedDocuments, this.evictedTraces,
				this.droppedDocuments, this.staleDocuments, this.maxTraces, this.maxDocumentsPerTrace);
	}

	/**
	 * Result of {@link #add(SegmentDocument)}.
	 */
	public enum AddResult {

		/** The document was new and is now held. */
		ADDED,

		/** The document replaced an earlier version with the same id. */
		REPLACED,

		/** An in-progress document arrived after the complete one and was ignored. */
		IGNORED_STALE,

		/** The trace already held the maximum number of documents; the document was dropped. */
		DROPPED_TRACE_FULL

	}

	/**
	 * Store counters.
	 *
	 * @param traces traces held
	 * @param documents documents held
	 * @param addedDocuments documents ever added (not counting replacements)
	 * @param evictedTraces traces evicted because the store was full
	 * @param droppedDocuments documents dropped because their trace was full
	 * @param staleDocuments in-progress documents ignored because the complete one was already held
	 * @param maxTraces the trace limit
	 * @param maxDocumentsPerTrace the per-trace document limit
	 */
	public record Stats(int traces, long documents, long addedDocuments, long evictedTraces, long droppedDocuments,
			long staleDocuments, int maxTraces, int maxDocumentsPerTrace) {
	}

}
