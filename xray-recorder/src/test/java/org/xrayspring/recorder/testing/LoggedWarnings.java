package org.xrayspring.recorder.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The warnings (and worse) that one class logs through {@link System.Logger}, which logs
 * through {@code java.util.logging} when no other logging backs it. Close it to stop
 * listening.
 */
public final class LoggedWarnings extends Handler implements AutoCloseable {

	private final Logger logger;

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private LoggedWarnings(Logger logger) {
		this.logger = logger;
		logger.addHandler(this);
	}

	/**
	 * Starts listening to the logger named after a class.
	 * @param type the class
	 * @return the listener
	 */
	public static LoggedWarnings of(Class<?> type) {
		return new LoggedWarnings(Logger.getLogger(type.getName()));
	}

	/**
	 * The messages logged so far.
	 * @return the messages
	 */
	public List<String> messages() {
		return List.copyOf(this.messages);
	}

	@Override
	public void publish(LogRecord record) {
		if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
			this.messages.add(record.getMessage());
		}
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		this.logger.removeHandler(this);
	}

}
