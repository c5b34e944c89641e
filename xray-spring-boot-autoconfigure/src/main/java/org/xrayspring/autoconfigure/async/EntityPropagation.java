package org.xrayspring.autoconfigure.async;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

import org.xrayspring.recorder.XRayRecorder;

/**
 * Registers a recorder's {@link EntityThreadLocalAccessor} in the global
 * {@link ContextRegistry} (which Reactor and other libraries read) for the life of the
 * application context, and captures snapshots of that entity only. Other libraries'
 * thread locals are left to their own propagation, so adding X-Ray changes nothing else.
 */
final class EntityPropagation {

	private final EntityThreadLocalAccessor accessor;

	private final ContextRegistry registry;

	private final ContextSnapshotFactory snapshotFactory;

	EntityPropagation(XRayRecorder recorder, ContextRegistry registry) {
		this.accessor = new EntityThreadLocalAccessor(recorder);
		this.registry = registry;
		Object key = this.accessor.key();
		// clearMissing: a task submitted outside a trace runs with no entity even if a
		// thread was left dirty
		this.snapshotFactory = ContextSnapshotFactory.builder()
			.contextRegistry(registry)
			.captureKeyPredicate(key::equals)
			.clearMissing(true)
			.build();
	}

	void register() {
		this.registry.registerThreadLocalAccessor(this.accessor);
	}

	void unregister() {
		this.registry.removeThreadLocalAccessor(this.accessor.key());
	}

	Object key() {
		return this.accessor.key();
	}

	ContextSnapshotFactory snapshotFactory() {
		return this.snapshotFactory;
	}

	ContextSnapshot capture() {
		return this.snapshotFactory.captureAll();
	}

	/**
	 * A snapshot without entity: with {@code clearMissing} its scope clears the entity
	 * and restores it after.
	 * @return the snapshot
	 */
	ContextSnapshot emptySnapshot() {
		return this.snapshotFactory.captureFrom();
	}

}
