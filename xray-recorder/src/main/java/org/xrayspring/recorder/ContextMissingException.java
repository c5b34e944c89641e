package org.xrayspring.recorder;

/**
 * Thrown by the programmatic API in strict mode ({@link ContextMissingStrategy#FAIL})
 * when no entity is current.
 */
public class ContextMissingException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message the message
	 */
	public ContextMissingException(String message) {
		super(message);
	}

}
