package org.xrayspring.recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Watches segments that have ended while subsegments under them are still open. Once such
 * a segment has waited for the timeout it is sent once as it stands (the open subsegments
 * written with {@code in_progress}); the complete document follows when its last
 * subsegment ends and overwrites it in X-Ray.
 * <p>
 * Checks run on one daemon thread per tracker, started when the first segment is watched
 * (idle recorders start no thread) and stopped by {@link #close()}, which returns the
 * segments still waiting so that their owner can send them before its emitter closes. A
 * check only runs when a watched segment's deadline is due. Segments are watched in a
 * FIFO queue, which is ordered by deadline because the timeout is the same for all; the
 * queue holds at most {@link #CAPACITY} entries and counts what it turns away.
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

	/**
	 * Set under this tracker's monitor: once set, nothing is watched or scheduled any
	 * more.
	 */
	private volatile boolean closed;

	/** Guarded by this tracker's monitor; created on first use. */
	private @Nullable ScheduledExecutorService scheduler;

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

	/**
	 * Stops watching and stops the thread (waiting a moment for a check that is running).
	 * Closing again does nothing.
	 * @return the segments that were still waiting, in the order they ended
	 */
	List<Segment> close() {
		ScheduledExecutorService stopped;
		synchronized (this) {
			if (this.closed) {
				return List.of();
			}
			this.closed = true;
			stopped = this.scheduler;
			this.scheduler = null;
		}
		if (stopped != null) {
			stopped.shutdownNow();
			try {
				stopped.awaitTermination(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		List<Segment> waiting = new ArrayList<>();
		Watched watched;
		while ((watched = this.queue.poll()) != null) {
			this.size.decrementAndGet();
			waiting.add(watched.segment());
		}
		return waiting;
	}

	private void scheduleCheck(long delayMicros) {
		if (!this.schedule || this.closed || !this.checkScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			synchronized (this) {
				if (this.closed) {
					return;
				}
				if (this.scheduler == null) {
					this.scheduler = newScheduler();
				}
				this.scheduler.schedule(this::runScheduledCheck, Math.max(delayMicros, 1000), TimeUnit.MICROSECONDS);
			}
		}
		catch (RuntimeException ex) {
			this.checkScheduled.set(false);
			logger.warnThrottled("Could not schedule the X-Ray in-progress check", ex);
		}
	}

	private static ScheduledExecutorService newScheduler() {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "xray-in-progress");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
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

}
