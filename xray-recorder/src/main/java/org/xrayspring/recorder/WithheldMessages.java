package org.xrayspring.recorder;

import java.lang.ref.WeakReference;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The exceptions of one segment tree whose messages were withheld (recorded with messages
 * chosen by the caller, see {@link Entity#addException(Throwable, boolean, Function)}),
 * so that the messages stay withheld wherever else in the tree the same exception, or an
 * exception wrapping it, is recorded: a wrapper's message usually repeats its cause's
 * ({@code DuplicateKeyException: PreparedStatementCallback; SQL [...]; Duplicate entry 'alice@example.com'}).
 * <p>
 * Bounded: at most {@link #MAX_REMEMBERED} exceptions are remembered, weakly (an
 * exception the application no longer holds cannot be recorded again, nor be the cause of
 * one, so its slot is free again), with the messages recorded for them (the same strings
 * as the records', cut to {@link Entity#MAX_EXCEPTION_MESSAGE_LENGTH}); once more were
 * withheld than there are slots, every later exception of the segment tree has its
 * messages withheld, since it could wrap one that was not remembered. Thread-safe: the
 * entities of one segment may record exceptions on any threads.
 */
final class WithheldMessages {

	/** Most exceptions remembered per segment. */
	static final int MAX_REMEMBERED = 32;

	/**
	 * Recorded for an exception not withheld itself whose cause chain holds one that was
	 * (and which the caller gives no message for): its own message may repeat its
	 * cause's.
	 */
	static final String WRAPPER_MESSAGE = "message withheld: caused by an exception whose message was withheld";

	/**
	 * Recorded for any exception once more than {@link #MAX_REMEMBERED} were withheld.
	 */
	static final String OVERFLOW_MESSAGE = "message withheld: more exceptions were withheld in this segment than "
			+ "are remembered";

	/**
	 * Weak: a remembered exception must not keep the application's objects alive for as
	 * long as the segment.
	 */
	@SuppressWarnings("unchecked")
	private final WeakReference<Throwable>[] throwables = new WeakReference[MAX_REMEMBERED];

	/** The message recorded for each remembered exception, {@code null} for none. */
	private final @Nullable String[] messages = new String[MAX_REMEMBERED];

	private int size;

	private boolean overflowed;

	/**
	 * Remembers an exception recorded with a withheld message.
	 * @param throwable the exception
	 * @param message the message recorded instead of its own, may be {@code null}
	 */
	synchronized void remember(Throwable throwable, @Nullable String message) {
		if (indexOf(throwable) >= 0) {
			return;
		}
		int slot = (this.size < MAX_REMEMBERED) ? this.size++ : clearedSlot();
		if (slot < 0) {
			this.overflowed = true;
			return;
		}
		this.throwables[slot] = new WeakReference<>(throwable);
		this.messages[slot] = message;
	}

	private int clearedSlot() {
		for (int i = 0; i < this.size; i++) {
			if (this.throwables[i].refersTo(null)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The messages to record for an exception about to be recorded.
	 * @param throwable the exception
	 * @param callers the messages the caller chose, or {@code null} for the exceptions'
	 * own
	 * @return {@code callers} when no exception of the cause chain was withheld, else the
	 * withheld messages
	 */
	synchronized Function<Throwable, String> messagesFor(Throwable throwable,
			@Nullable Function<Throwable, String> callers) {
		String fallback;
		if (this.overflowed) {
			fallback = OVERFLOW_MESSAGE;
		}
		else if (chainHoldsWithheld(throwable)) {
			fallback = WRAPPER_MESSAGE;
		}
		else {
			return callers;
		}
		return (exception) -> withheldMessage(exception, callers, fallback);
	}

	private boolean chainHoldsWithheld(Throwable throwable) {
		Throwable current = throwable;
		for (int depth = 0; current != null && depth < ExceptionRecord.MAX_CAUSES; depth++) {
			if (indexOf(current) >= 0) {
				return true;
			}
			Throwable next = Entity.causeOf(current);
			current = (next != current) ? next : null;
		}
		return false;
	}

	/**
	 * The message recorded before for a remembered exception, else the caller's, else the
	 * fallback text. The caller's function runs outside the lock.
	 */
	private @Nullable String withheldMessage(Throwable exception, @Nullable Function<Throwable, String> callers,
			@Nullable String fallback) {
		synchronized (this) {
			int index = indexOf(exception);
			if (index >= 0) {
				return this.messages[index];
			}
		}
		return (callers != null) ? callers.apply(exception) : fallback;
	}

	private int indexOf(Throwable throwable) {
		for (int i = 0; i < this.size; i++) {
			if (this.throwables[i].refersTo(throwable)) {
				return i;
			}
		}
		return -1;
	}

}
