package org.xrayspring.sample.vision.images;

import java.net.URI;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * An image fetched from the image source.
 *
 * @param source the URL it was fetched from
 * @param name the name the source gave it ({@code X-Image-Name}), or {@code null}
 * @param format its format
 * @param bytes its bytes
 * @author xray-spring-boot
 */
public record FetchedImage(URI source, @Nullable String name, ImageFormat format, byte[] bytes) {

	/**
	 * Return the image as a {@code data:} URI, so the page shows exactly the image that
	 * was analysed.
	 * @return the data URI
	 */
	public String dataUri() {
		return "data:" + this.format.mediaType() + ";base64," + Base64.getEncoder().encodeToString(this.bytes);
	}

}
