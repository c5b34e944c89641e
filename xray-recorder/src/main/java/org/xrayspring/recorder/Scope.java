package org.xrayspring.recorder;

/**
 * Restores the entity that was current on this thread before
 * {@link XRayRecorder#setCurrentEntity(Entity)}. Close it on the thread that opened it.
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {

	@Override
	void close();

}
