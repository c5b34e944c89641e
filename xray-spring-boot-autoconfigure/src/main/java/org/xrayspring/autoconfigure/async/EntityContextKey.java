package org.xrayspring.autoconfigure.async;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.xrayspring.recorder.XRayRecorder;

/**
 * The key under which a recorder's current entity travels between threads: in
 * context-propagation snapshots (the key of its {@code ThreadLocalAccessor}) and in
 * Reactor's {@code Context}. Each recorder has its own key, so that several application
 * contexts in one JVM (tests, for example) do not see each other's entities.
 * <p>
 * To start a reactive pipeline under an entity explicitly:
 * {@code mono.contextWrite(Context.of(EntityContextKey.of(recorder), entity))}.
 */
public final class EntityContextKey {

	private static final Map<XRayRecorder, String> keys = new WeakHashMap<>();

	private static final AtomicLong counter = new AtomicLong();

	private EntityContextKey() {
	}

	/**
	 * The key for a recorder: the same string for the same recorder, a different one for
	 * each recorder.
	 * @param recorder the recorder
	 * @return the key
	 */
	public static String of(XRayRecorder recorder) {
		synchronized (keys) {
			return keys.computeIfAbsent(recorder, (r) -> "xray.entity#" + counter.incrementAndGet());
		}
	}

}
