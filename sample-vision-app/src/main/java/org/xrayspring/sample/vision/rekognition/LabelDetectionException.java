package org.xrayspring.sample.vision.rekognition;

/**
 * Thrown when labels could not be detected; its message is fit to show to the user.
 *
 * @author xray-spring-boot
 */
public class LabelDetectionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what went wrong, fit to show to the user
	 * @param cause the cause
	 */
	public LabelDetectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
