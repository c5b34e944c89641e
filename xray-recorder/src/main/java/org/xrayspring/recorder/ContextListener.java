package org.xrayspring.recorder;

import org.jspecify.annotations.Nullable;

/**
 * Told whenever the entity current on a thread changes, on that thread: for example to
 * keep the logging MDC in step with the trace. It must be fast and must not throw (a
 * throwing listener is logged and ignored).
 */
@FunctionalInterface
public interface ContextListener {

	/**
	 * Called after the current entity of this thread changed.
	 * @param current the entity now current, or {@code null} when the context was cleared
	 */
	void contextChanged(@Nullable Entity current);

}
