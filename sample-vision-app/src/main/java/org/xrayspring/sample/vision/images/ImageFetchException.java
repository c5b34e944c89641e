package org.xrayspring.sample.vision.images;

/**
 * Thrown when the image source failed or answered something that is not an image; its
 * message is fit to show to the user.
 *
 * @author xray-spring-boot
 */
public class ImageFetchException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what went wrong, fit to show to the user
	 */
	public ImageFetchException(String message) {
		super(message);
	}

	/**
	 * Create an exception.
	 * @param message what went wrong, fit to show to the user
	 * @param cause the cause
	 */
	public ImageFetchException(String message, Throwable cause) {
		super(message, cause);
	}

}
