package org.xrayspring.sample.vision.images;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * The image formats Rekognition accepts, recognised by their first bytes rather than by
 * what a server claims.
 *
 * @author xray-spring-boot
 */
public enum ImageFormat {

	/**
	 * JPEG.
	 */
	JPEG(MediaType.IMAGE_JPEG),

	/**
	 * PNG.
	 */
	PNG(MediaType.IMAGE_PNG);

	private final MediaType mediaType;

	ImageFormat(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	/**
	 * Return the media type of this format.
	 * @return the media type
	 */
	public @Nullable MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * Detect the format of an image from its signature.
	 * @param bytes the image's bytes
	 * @return the format, or {@code null} if the bytes are neither JPEG nor PNG
	 */
	public static @Nullable ImageFormat detect(byte[] bytes) {
		if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8 && (bytes[2] & 0xff) == 0xff) {
			return JPEG;
		}
		if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G'
				&& bytes[4] == 0x0d && bytes[5] == 0x0a && bytes[6] == 0x1a && bytes[7] == 0x0a) {
			return PNG;
		}
		return null;
	}

}
