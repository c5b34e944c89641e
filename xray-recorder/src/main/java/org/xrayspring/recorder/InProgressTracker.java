package org.xrayspring.recorder;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Watches segments that have ended while subsegments under them are still open. Once such a segment has waited
 * for the timeout it is sent once as it stands (the open subsegments written with {@code in_progress}); the
 * complete document follows when its last subsegment ends and overwrites it in X-Ray.
 * <p>
 * Every recorder shares one daemon thread that only runs a check when a watched segment's deadline is due; idle
 * recorders schedule nothing. Segments are watched in a FIFO queue, which is ordered by deadline because the
 * timeout is the same for all; the queue holds at most {@link #CAPACITY} entries and counts what it turns away.
 */
final class InProgressTracker {

	/** Most segments watched at once per recorder. */
	static final int CAPACITY = 10_000;

	private static final ThrottledLogger logger = new ThrottledLogger(InProgressTracker.class.getName(), 60_000);

	private final XRayRecorder recorder;

	private final long timeoutMicros;

	private final boolean schedule;

	private final ConcurrentLinkedQueue<Watched> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean checkScheduled = new AtomicBoolean();

	private final LongAdder dropped = new LongAdder();

	private volatile boolean closed;

	InProgressTracker(XRayRecorder recorder, long timeoutMicros, boolean schedule) {
		this.recorder = recorder;
		this.timeoutMicros = timeoutMicros;
		this.schedule = schedule;
	}

	/**
	 * Starts watching a sampled segment that ended with open subsegments.
	 */
	void watch(Segment segment) {
		if (this.closed) {
			return;
		}
		if (this.size.incrementAndGet() > CAPACITY) {
			this.size.decrementAndGet();
			this.dropped.increment();
			logger.warnThrottled("More than " + CAPACITY + " X-Ray segments wait for open subsegments; "
					+ "no in-progress document is sent for the others", null);
			return;
		}
		long deadline = this.recorder.nowMicros() + this.timeoutMicros;
		this.queue.add(new Watched(segment, deadline));
		scheduleCheck(this.timeoutMicros);
	}

	/**
	 * Sends every watched segment whose deadline has passed and that is still incomplete.
	 */
	void check() {
		long now = this.recorder.nowMicros();
		Watched head;
		while ((head = this.queue.peek()) != null && head.deadlineMicros <= now) {
			if (this.queue.remove(head)) {
				this.size.decrementAndGet();
				this.recorder.sendInProgress(head.segment);
			}
		}
	}

	long dropped() {
		return this.dropped.sum();
	}

	int size() {
		return this.size.get();
	}

	void close() {
		this.closed = true;
		this.queue.clear();
		this.size.set(0);
	}

	private void scheduleCheck(long delayMicros) {
		if (!this.schedule || this.closed || !this.checkScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			SharedScheduler.INSTANCE.schedule(this::runScheduledCheck, Math.max(delayMicros, 1000),
					TimeUnit.MICROSECONDS);
		}
		catch (RuntimeException ex) {
			this.checkScheduled.set(false);
			logger.warnThrottled("Could not schedule the X-Ray in-progress check", ex);
		}
	}

	private void runScheduledCheck() {
		this.checkScheduled.set(false);
		try {
			check();
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray in-progress check failed", ex);
		}
		Watched head = this.queue.peek();
		if (head != null) {
			scheduleCheck(head.deadlineMicros - this.recorder.nowMicros());
		}
	}

	private record Watched(Segment segment, long deadlineMicros) {
	}

	/**
	 * The one daemon thread shared by every recorder in the JVM, created on first use.
	 */
	private static final class SharedScheduler {

		static final ScheduledExecutorService INSTANCE = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "xray-in-progress");
			thread.setDaemon(true);
			return thread;
		});

	}

}
