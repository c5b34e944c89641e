package org.xrayspring.recorder.support;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A logger for tracing failures that must never flood the host application's log: each
 * distinct key is logged once, and a recurring failure at most once per interval. It logs
 * through {@link System.Logger}, which Spring Boot routes to its own logging system.
 */
public final class ThrottledLogger {

	private static final int MAX_KEYS = 1024;

	private final Logger logger;

	private final Set<String> loggedKeys = ConcurrentHashMap.newKeySet();

	private final long intervalNanos;

	private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);

	/**
	 * Creates a logger.
	 * @param name the logger name
	 * @param intervalMillis the minimum time between two messages of
	 * {@link #warnThrottled(String, Throwable)}
	 */
	public ThrottledLogger(String name, long intervalMillis) {
		this.logger = System.getLogger(name);
		this.intervalNanos = intervalMillis * 1_000_000L;
	}

	/**
	 * Logs the message at WARNING level the first time this key is seen (the first 1024
	 * keys; after that every further key is throttled like
	 * {@link #warnThrottled(String, Throwable)}). The message is only built when it is
	 * logged, since callers are on request paths.
	 * @param key what identifies the problem; keep it short, the first 1024 are held
	 * @param message supplies the message
	 * @return whether the message was logged
	 */
	public boolean warnOnce(String key, Supplier<String> message) {
		if (this.loggedKeys.size() < MAX_KEYS) {
			if (this.loggedKeys.add(key)) {
				this.logger.log(Level.WARNING, message);
				return true;
			}
			return false;
		}
		return warnThrottled(message, null);
	}

	/**
	 * Logs the message at WARNING level unless a throttled message was logged within the
	 * interval.
	 * @param message the message
	 * @param ex the cause, may be {@code null}
	 * @return whether the message was logged
	 */
	public boolean warnThrottled(String message, @Nullable Throwable ex) {
		return warnThrottled(() -> message, ex);
	}

	/**
	 * Like {@link #warnThrottled(String, Throwable)}, but the message is only built when
	 * it is logged.
	 * @param message supplies the message
	 * @param ex the cause, may be {@code null}
	 * @return whether the message was logged
	 */
	public boolean warnThrottled(Supplier<String> message, @Nullable Throwable ex) {
		if (!intervalPassed()) {
			return false;
		}
		if (ex != null) {
			this.logger.log(Level.WARNING, message, ex);
		}
		else {
			this.logger.log(Level.WARNING, message);
		}
		return true;
	}

	/**
	 * Whether a throttled message may be logged now; if so, the next one may only after
	 * the interval.
	 */
	private boolean intervalPassed() {
		long now = System.nanoTime();
		long next = this.nextAllowed.get();
		return (next == Long.MIN_VALUE || now - next >= 0)
				&& this.nextAllowed.compareAndSet(next, now + this.intervalNanos);
	}

	/**
	 * Logs at DEBUG level; the message is only built when DEBUG is enabled, since callers
	 * are on request paths.
	 * @param message supplies the message
	 */
	public void debug(Supplier<String> message) {
		if (this.logger.isLoggable(Level.DEBUG)) {
			this.logger.log(Level.DEBUG, message.get());
		}
	}

}
