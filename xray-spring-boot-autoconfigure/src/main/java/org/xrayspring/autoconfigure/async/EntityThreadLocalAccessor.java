package org.xrayspring.autoconfigure.async;

import io.micrometer.context.ThreadLocalAccessor;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.XRayRecorder;

/**
 * Exposes a recorder's current entity to context-propagation under
 * {@link EntityContextKey#of(XRayRecorder)}. Setting and restoring go through the
 * recorder, so its context listener (the MDC, for example) stays in step.
 */
final class EntityThreadLocalAccessor implements ThreadLocalAccessor<Entity> {

	private final XRayRecorder recorder;

	private final String key;

	EntityThreadLocalAccessor(XRayRecorder recorder) {
		this.recorder = recorder;
		this.key = EntityContextKey.of(recorder);
	}

	@Override
	public Object key() {
		return this.key;
	}

	@Override
	public @Nullable Entity getValue() {
		return this.recorder.getCurrentEntity();
	}

	@Override
	public void setValue(Entity value) {
		// the returned scope is not needed: context-propagation restores the previous
		// value itself
		this.recorder.setCurrentEntity(value);
	}

	@Override
	public void setValue() {
		this.recorder.clearContext();
	}

	@Override
	public void restore(Entity previousValue) {
		this.recorder.setCurrentEntity(previousValue);
	}

	@Override
	public void restore() {
		this.recorder.clearContext();
	}

}
