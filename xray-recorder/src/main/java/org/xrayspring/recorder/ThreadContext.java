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
		if (entity != null) {
			this.current.set(entity);
		}
		else {
			// removed rather than set to null: pooled threads keep no entry for this
			// recorder
			this.current.remove();
		}
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
