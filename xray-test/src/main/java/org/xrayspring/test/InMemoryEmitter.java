package org.xrayspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.SegmentDocumentWriter;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;

/**
 * An {@link Emitter} for tests that keeps, in memory, the document of every entity the
 * recorder emits, written when it is emitted (entities may change later). Thread-safe; it
 * keeps at most {@code capacity} documents and counts those it had to drop, so that the
 * assertions fail rather than a long test run out of memory.
 * <p>
 * Documents are whole entities as {@link SegmentDocumentWriter#toJson(Entity)} writes
 * them, before the UDP emitter would split a document larger than a datagram.
 */
public final class InMemoryEmitter implements Emitter {

	/** The default number of documents kept. */
	public static final int DEFAULT_CAPACITY = 10_000;

	private static final int MAX_FAILURES_KEPT = 100;

	private final int capacity;

	private final Object lock = new Object();

	private final List<String> documents = new ArrayList<>();

	private final List<String> failures = new ArrayList<>();

	private long dropped;

	/**
	 * An emitter that keeps up to {@value #DEFAULT_CAPACITY} documents.
	 */
	public InMemoryEmitter() {
		this(DEFAULT_CAPACITY);
	}

	/**
	 * An emitter that keeps up to {@code capacity} documents.
	 * @param capacity the most documents kept; later ones are dropped and counted
	 */
	public InMemoryEmitter(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1");
		}
		this.capacity = capacity;
	}

	/**
	 * A recorder that samples every trace and emits to this emitter; it checks for
	 * in-progress segments on no thread of its own. Close it after the test.
	 * @return the recorder
	 */
	public XRayRecorder recorder() {
		return recorderBuilder().build();
	}

	/**
	 * A builder for a recorder like {@link #recorder()}, to change more settings.
	 * @return the builder
	 */
	public XRayRecorder.Builder recorderBuilder() {
		return XRayRecorder.builder()
			.emitter(this)
			.samplingStrategy(SamplingStrategy.always())
			.inProgressTimeout(Duration.ZERO);
	}

	@Override
	public void sendSegment(Segment segment) {
		keep(segment);
	}

	@Override
	public void sendInProgressSegment(Segment segment) {
		keep(segment);
	}

	@Override
	public void sendSubsegment(Subsegment subsegment) {
		keep(subsegment);
	}

	private void keep(Entity entity) {
		String document;
		try {
			document = SegmentDocumentWriter.toJson(entity);
		}
		catch (RuntimeException ex) {
			// an emitter never throws into the recorder: the failure is reported by the
			// next read instead
			synchronized (this.lock) {
				if (this.failures.size() < MAX_FAILURES_KEPT) {
					this.failures.add("writing " + entity + " failed: " + ex);
				}
			}
			return;
		}
		synchronized (this.lock) {
			if (this.documents.size() >= this.capacity) {
				this.dropped++;
				return;
			}
			this.documents.add(document);
			this.lock.notifyAll();
		}
	}

	/**
	 * The documents emitted so far, unchecked.
	 * @return the JSON documents in the order they were emitted
	 */
	public List<String> documents() {
		synchronized (this.lock) {
			return List.copyOf(this.documents);
		}
	}

	/**
	 * The documents emitted so far, each asserted valid (see
	 * {@link XRayDocuments#problems(String)}).
	 * @return the parsed documents
	 * @throws AssertionError when a document is invalid, could not be written, or was
	 * dropped
	 */
	public List<JsonNode> validDocuments() {
		return traces().documents();
	}

	/**
	 * The traces the documents emitted so far make up, each document asserted valid.
	 * @return the traces
	 * @throws AssertionError when a document is invalid, could not be written, or was
	 * dropped
	 */
	public RecordedTraces traces() {
		List<String> documents;
		synchronized (this.lock) {
			if (!this.failures.isEmpty()) {
				throw new AssertionError("The recorder emitted entities that could not be written:\n  "
						+ String.join("\n  ", this.failures));
			}
			if (this.dropped > 0) {
				throw new AssertionError(this.dropped + " documents were dropped beyond the capacity of "
						+ this.capacity + "; clear() the emitter between tests or give it a larger capacity");
			}
			documents = List.copyOf(this.documents);
		}
		return RecordedTraces.of(documents);
	}

	/**
	 * Waits until at least {@code count} documents have been emitted, for work that ends
	 * on another thread (a request served by an embedded server ends its segment after
	 * the response is sent).
	 * @param count the number of documents to wait for
	 * @param timeout the longest wait
	 * @return the documents emitted so far, unchecked
	 * @throws AssertionError when fewer arrive in time
	 */
	public List<String> awaitDocuments(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (this.documents.size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("Expected " + count + " documents within " + timeout + " but "
							+ this.documents.size() + " were emitted");
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.lock, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted while waiting for documents", ex);
				}
			}
			return List.copyOf(this.documents);
		}
	}

	/**
	 * How many documents were dropped because the emitter was full.
	 * @return the count
	 */
	public long dropped() {
		synchronized (this.lock) {
			return this.dropped;
		}
	}

	/**
	 * Forgets every document, failure and drop.
	 */
	public void clear() {
		synchronized (this.lock) {
			this.documents.clear();
			this.failures.clear();
			this.dropped = 0;
		}
	}

}
