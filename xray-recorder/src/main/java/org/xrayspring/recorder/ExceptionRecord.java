package org.xrayspring.recorder;

import java.util.function.Function;

import org.xrayspring.recorder.id.Ids;

/**
 * One exception of a {@code cause}: the throwable is kept so that its stack is only turned into frames when the
 * document is written (and can be trimmed then).
 */
final class ExceptionRecord {

	/** At most this many exceptions of one cause chain are recorded. */
	static final int MAX_CAUSES = 10;

	/** At most this many stack frames are written per exception; the rest are counted as truncated. */
	static final int MAX_STACK_FRAMES = 50;

	final String id = Ids.newEntityId();

	final Throwable throwable;

	final boolean remote;

	/** Taken once: {@link Throwable#getStackTrace()} copies the array on every call. */
	final StackTraceElement[] stack;

	/** Whether {@link #message} replaces the throwable's own message. */
	final boolean messageReplaced;

	/** The message to record instead of the throwable's own, when {@link #messageReplaced}. */
	final String message;

	String causeId;

	ExceptionRecord(Throwable throwable, boolean remote, Function<Throwable, String> messages) {
		this.throwable = throwable;
		this.remote = remote;
		this.stack = throwable.getStackTrace();
		this.messageReplaced = messages != null;
		this.message = (messages != null) ? messages.apply(throwable) : null;
	}

	/** The message to record: the replacement when there is one, else the throwable's own. */
	String message() {
		return this.messageReplaced ? this.message : this.throwable.getMessage();
	}

}
