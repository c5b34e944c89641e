package org.xrayspring.autoconfigure.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xrayspring.autoconfigure.logging.XRayMdcContextListener;
import org.xrayspring.recorder.ContextListener;
import org.xrayspring.recorder.Entity;

/**
 * A {@link ContextListener} for tests that keeps the MDC in step, as the application's
 * does, and records every change of a thread's context (on any thread) as the name of the
 * entity made current, {@code -} for none.
 */
public final class RecordingContextListener implements ContextListener {

	private final ContextListener mdc = new XRayMdcContextListener();

	private final List<String> changes = new CopyOnWriteArrayList<>();

	@Override
	public void contextChanged(Entity current) {
		this.mdc.contextChanged(current);
		this.changes.add((current != null) ? current.getName() : "-");
	}

	/**
	 * The changes recorded since the last {@link #clear()}.
	 * @return the names of the entities made current, in order
	 */
	public List<String> changes() {
		return List.copyOf(this.changes);
	}

	/**
	 * Forgets the changes recorded so far.
	 */
	public void clear() {
		this.changes.clear();
	}

}
