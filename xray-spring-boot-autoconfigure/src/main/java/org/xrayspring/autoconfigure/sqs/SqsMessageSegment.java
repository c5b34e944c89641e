package org.xrayspring.autoconfigure.sqs;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * The segment of one SQS message being processed, begun by
 * {@link XRaySqsMessages#beginSegment}: current on the thread that began it until
 * {@link #close()}, which ends it (once) and restores what was current before. Close it
 * on the thread that began it, with try-with-resources.
 */
public final class SqsMessageSegment implements AutoCloseable {

	private static final ThrottledLogger logger = new ThrottledLogger(SqsMessageSegment.class.getName(), 60_000);

	private final XRayRecorder recorder;

	private final @Nullable Segment segment;

	private final @Nullable Entity previous;

	private final AtomicBoolean closed = new AtomicBoolean();

	SqsMessageSegment(XRayRecorder recorder, @Nullable Segment segment, @Nullable Entity previous) {
		this.recorder = recorder;
		this.segment = segment;
		this.previous = previous;
	}

	/**
	 * The message's segment.
	 * @return the segment, or {@code null} when it could not be begun (the message is
	 * processed untraced)
	 */
	public @Nullable Segment segment() {
		return this.segment;
	}

	/**
	 * Records an exception that failed the processing of the message: the segment is
	 * marked as a fault. Never throws.
	 * @param exception the exception
	 */
	public void recordException(@Nullable Throwable exception) {
		Segment current = this.segment;
		if (current == null || exception == null || !current.isSampled()) {
			return;
		}
		try {
			current.setFault(true);
			current.addException(exception);
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not record the exception of an SQS message", ex);
		}
	}

	/**
	 * Ends the segment, the first time only, leaving this thread's context alone.
	 */
	void end() {
		if (this.closed.compareAndSet(false, true)) {
			endSegment();
		}
	}

	/**
	 * Ends the segment, the first time only, and restores the entity that was current
	 * before on this thread. Never throws.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			endSegment();
		}
		finally {
			this.recorder.setCurrentEntity(this.previous);
		}
	}

	private void endSegment() {
		try {
			if (this.segment != null) {
				this.segment.end();
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not end the segment of an SQS message", ex);
		}
	}

}
