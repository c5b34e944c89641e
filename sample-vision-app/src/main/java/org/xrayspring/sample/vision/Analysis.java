package org.xrayspring.sample.vision;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xrayspring.sample.vision.rekognition.DetectedLabel;

/**
 * One analysis of one image, as stored in the database.
 *
 * @param id the database id, {@code null} before it is stored
 * @param createdAt when the analysis finished
 * @param source the URL the image was fetched from
 * @param imageName the name the source gave the image, or {@code null}
 * @param labels the labels found, most confident first; empty when the analysis failed
 * @param error what went wrong, fit to show to the user, or {@code null}
 * @param durationMillis how long the analysis took
 * @author xray-spring-boot
 */
public record Analysis(@Nullable Long id, Instant createdAt, String source, @Nullable String imageName,
		List<DetectedLabel> labels, @Nullable String error, long durationMillis) {

	public Analysis {
		labels = List.copyOf(labels);
	}

	/**
	 * Return the most confident label's name.
	 * @return the top label, or {@code null} if there is none
	 */
	public @Nullable String topLabel() {
		return this.labels.isEmpty() ? null : this.labels.get(0).name();
	}

	/**
	 * Return whether the analysis failed.
	 * @return {@code true} if it failed
	 */
	public boolean failed() {
		return this.error != null;
	}

}
