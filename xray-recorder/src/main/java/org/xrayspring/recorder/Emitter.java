package org.xrayspring.recorder;

/**
 * Sends finished segments and streamed subsegments to the daemon. Implementations must
 * return quickly: the calling thread is often a request thread and must never wait on the
 * network or on a lock held during I/O. They must never throw.
 */
public interface Emitter extends AutoCloseable {

	/**
	 * Sends a segment with every subsegment still attached to it.
	 * @param segment an ended segment whose subsegments have all ended
	 */
	void sendSegment(Segment segment);

	/**
	 * Sends an ended segment whose subsegments have not all ended yet: the open ones are
	 * written with {@code in_progress: true}. The complete segment follows later through
	 * {@link #sendSegment(Segment)} and overwrites this document in X-Ray. The tree may
	 * still change while it is written: serialize with {@link SegmentDocumentWriter},
	 * which retries when it meets a concurrent modification. The default sends it like a
	 * complete segment.
	 * @param segment an ended segment with open subsegments
	 */
	default void sendInProgressSegment(Segment segment) {
		sendSegment(segment);
	}

	/**
	 * Sends a completed subsegment tree as an independent subsegment document.
	 * @param subsegment the subsegment, detached from its parent
	 */
	void sendSubsegment(Subsegment subsegment);

	/**
	 * Sends what is queued (within a short time) and releases resources.
	 */
	@Override
	default void close() {
	}

	/**
	 * An emitter that drops everything, for tests and for recorders that only propagate
	 * headers.
	 * @return the emitter
	 */
	static Emitter noop() {
		return new Emitter() {

			@Override
			public void sendSegment(Segment segment) {
			}

			@Override
			public void sendSubsegment(Subsegment subsegment) {
			}

		};
	}

}
