package org.xrayspring.recorder;

import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * The entity current on each thread, and the {@link ContextListener} told on that thread
 * whenever it changes. Every change of a thread's context goes through
 * {@link #set(Entity)}, so the listener sees each change once.
 */
final class ThreadContext {

	/**
	 * The recorder's logger name, so logging configured for the recorder covers the
	 * context too.
	 */
	private static final ThrottledLogger logger = new ThrottledLogger(XRayRecorder.class.getName(), 60_000);

	private final ThreadLocal<Entity> current = new ThreadLocal<>();

	private final ContextListener listener;

	/**
	 * Creates a context.
	 * @param listener told of every change, may be {@code null}
	 */
	ThreadContext(ContextListener listener) {
		this.listener = listener;
	}

	/**
	 * The entity current on this thread.
	 * @return the entity, or {@code null}
	 */
	Entity get() {
		return this.current.get();
	}

	/**
	 * Makes an entity current on this thread and tells the listener; a failing listener
	 * is logged and ignored.
	 * @param entity the entity, or {@code null} to clear this thread's context
	 */
	void set(Entity entity) {
		// set to null, not removed, when cleared: since JDK 16 removing clears the
		// entry's weak reference through a call into the VM, which showed per request in
		// profiles (BENCHMARKS.md, issue 15); the entry a pooled thread keeps holds no
		// entity, and its key goes with the recorder
		this.current.set(entity);
		ContextListener listener = this.listener;
		if (listener != null) {
			try {
				listener.contextChanged(entity);
			}
			catch (RuntimeException ex) {
				logger.warnThrottled("X-Ray context listener failed", ex);
			}
		}
	}

}
