package org.xrayspring.sample.vision;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the sample vision application.
 *
 * @author xray-spring-boot
 */
@ConfigurationProperties("vision")
public class VisionProperties {

	/**
	 * Link to a trace in the console; '{traceId}' is replaced by the trace id. Empty
	 * shows no link.
	 */
	private String traceLink = "/xray/#/traces/{traceId}";

	/**
	 * Number of recent analyses returned by /api/analyses.
	 */
	private int recentLimit = 20;

	private final Images images = new Images();

	private final Rekognition rekognition = new Rekognition();

	public String getTraceLink() {
		return this.traceLink;
	}

	public void setTraceLink(String traceLink) {
		this.traceLink = traceLink;
	}

	public int getRecentLimit() {
		return this.recentLimit;
	}

	public void setRecentLimit(int recentLimit) {
		this.recentLimit = recentLimit;
	}

	public Images getImages() {
		return this.images;
	}

	public Rekognition getRekognition() {
		return this.rekognition;
	}

	/**
	 * Where images come from.
	 */
	public static class Images {

		/**
		 * URL answering a random JPEG or PNG image to each GET; a path (e.g.
		 * '/images/Dune.jpg') is taken on this application. Defaults to this
		 * application's own '/images/random' endpoint.
		 */
		private @Nullable URI url;

		/**
		 * Largest image accepted; larger answers are rejected (Rekognition takes at most
		 * 5 MB of bytes).
		 */
		private DataSize maxSize = DataSize.ofMegabytes(5);

		/**
		 * Connect and read timeout of the image source.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * How labels are detected.
	 */
	public static class Rekognition {

		/**
		 * 'local': the SDK calls the DetectLabels endpoint built into this application,
		 * with dummy credentials. 'aws': the SDK calls Amazon Rekognition with the
		 * default credentials chain and region.
		 */
		private Mode mode = Mode.LOCAL;

		/**
		 * Endpoint override. Local mode defaults to this application's
		 * '/local-aws/rekognition'; aws mode to the regional endpoint.
		 */
		private @Nullable URI endpoint;

		/**
		 * Region. Local mode defaults to 'us-east-1'; aws mode to the default region
		 * provider chain.
		 */
		private @Nullable String region;

		/**
		 * Maximum number of labels asked for per image.
		 */
		private int maxLabels = 6;

		/**
		 * Minimum confidence (percent) of the labels asked for.
		 */
		private float minConfidence = 70;

		public Mode getMode() {
			return this.mode;
		}

		public void setMode(Mode mode) {
			this.mode = mode;
		}

		public @Nullable URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable String getRegion() {
			return this.region;
		}

		public void setRegion(@Nullable String region) {
			this.region = region;
		}

		public int getMaxLabels() {
			return this.maxLabels;
		}

		public void setMaxLabels(int maxLabels) {
			this.maxLabels = maxLabels;
		}

		public float getMinConfidence() {
			return this.minConfidence;
		}

		public void setMinConfidence(float minConfidence) {
			this.minConfidence = minConfidence;
		}

	}

	/**
	 * Where DetectLabels is answered.
	 */
	public enum Mode {

		/**
		 * The local endpoint built into this application.
		 */
		LOCAL,

		/**
		 * Amazon Rekognition.
		 */
		AWS

	}

}
