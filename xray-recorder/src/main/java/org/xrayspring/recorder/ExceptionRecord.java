package org.xrayspring.recorder;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.id.Ids;

/**
 * One exception of a {@code cause}: the throwable is kept so that its stack is only
 * turned into frames when the document is written (and can be trimmed then).
 */
final class ExceptionRecord {

	/** At most this many exceptions of one cause chain are recorded. */
	static final int MAX_CAUSES = 10;

	/**
	 * At most this many stack frames are written per exception; the rest are counted as
	 * truncated.
	 */
	static final int MAX_STACK_FRAMES = 50;

	final String id = Ids.newEntityId();

	final Throwable throwable;

	final boolean remote;

	/** Taken once: {@link Throwable#getStackTrace()} copies the array on every call. */
	final StackTraceElement[] stack;

	/**
	 * Taken once (the caller's replacement, else the throwable's own) and cut to
	 * {@link Entity#MAX_EXCEPTION_MESSAGE_LENGTH}, so that a huge message costs neither
	 * memory nor document bytes; {@code null} when there is none or reading it failed.
	 */
	final @Nullable String message;

	@Nullable String causeId;

	ExceptionRecord(Throwable throwable, boolean remote, @Nullable Function<Throwable, String> messages) {
		this.throwable = throwable;
		this.remote = remote;
		this.stack = stackOf(throwable);
		this.message = messageOf(throwable, messages);
	}

	private static StackTraceElement[] stackOf(Throwable throwable) {
		try {
			StackTraceElement[] stack = throwable.getStackTrace();
			return (stack != null) ? stack : new StackTraceElement[0];
		}
		catch (RuntimeException ex) {
			// getStackTrace() may be overridden: recording the exception must not throw
			// into the caller
			return new StackTraceElement[0];
		}
	}

	private static @Nullable String messageOf(Throwable throwable, @Nullable Function<Throwable, String> messages) {
		try {
			String message = (messages != null) ? messages.apply(throwable) : throwable.getMessage();
			return (message != null) ? Entity.truncate(message, Entity.MAX_EXCEPTION_MESSAGE_LENGTH) : null;
		}
		catch (RuntimeException ex) {
			// getMessage() may be overridden: recording the exception must not throw into
			// the caller
			return null;
		}
	}

}
