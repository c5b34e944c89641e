package org.xrayspring.sample.vision;

import java.time.Clock;
import java.util.List;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.sample.vision.images.FetchedImage;
import org.xrayspring.sample.vision.images.ImageSource;
import org.xrayspring.sample.vision.rekognition.DetectedLabel;
import org.xrayspring.sample.vision.rekognition.LabelDetector;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Analyses images: fetch one, ask Rekognition for its labels, store the result. Each
 * analysis is one {@code AnalyseImage} subsegment ({@link XRayCapture}) holding the image
 * fetch, the Rekognition call and the SQL insert, annotated with its top label so traces
 * can be searched by it ({@code annotation.top_label}).
 *
 * @author xray-spring-boot
 */
@Service
public class VisionService {

	/**
	 * Name of the subsegment of each analysis.
	 */
	public static final String SUBSEGMENT_NAME = "AnalyseImage";

	private final ImageSource images;

	private final LabelDetector labels;

	private final AnalysisRepository repository;

	private final ObjectProvider<XRayRecorder> recorder;

	private final Clock clock;

	VisionService(ImageSource images, LabelDetector labels, AnalysisRepository repository,
			ObjectProvider<XRayRecorder> recorder) {
		this.images = images;
		this.labels = labels;
		this.repository = repository;
		this.recorder = recorder;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Analyse one random image. Failures propagate, so the subsegment records them; the
	 * caller shows them.
	 * @return the image and its stored analysis
	 * @throws org.xrayspring.sample.vision.images.ImageFetchException if the image could
	 * not be fetched
	 * @throws org.xrayspring.sample.vision.rekognition.LabelDetectionException if labels
	 * could not be detected
	 */
	@XRayCapture(SUBSEGMENT_NAME)
	public AnalysedImage analyse() {
		long start = System.nanoTime();
		FetchedImage image = this.images.fetch();
		List<DetectedLabel> found = this.labels.detect(image.bytes());
		Analysis analysis = this.repository.save(new Analysis(null, this.clock.instant(), image.source().toString(),
				image.name(), found, null, elapsedMillis(start)));
		XRayRecorder xray = this.recorder.getIfAvailable();
		if (xray != null && analysis.topLabel() != null) {
			xray.putAnnotation("top_label", analysis.topLabel());
			xray.putMetadata("vision", "labels", found);
		}
		return new AnalysedImage(image, analysis);
	}

	/**
	 * Store a failed analysis.
	 * @param error what went wrong, fit to show to the user
	 * @param durationMillis how long the attempt took
	 * @return the stored analysis
	 */
	public Analysis recordFailure(String error, long durationMillis) {
		return this.repository.save(new Analysis(null, this.clock.instant(), this.images.url().toString(), null,
				List.of(), error, durationMillis));
	}

	/**
	 * Return the most recent analyses.
	 * @param limit how many at most
	 * @return the analyses, newest first
	 */
	public List<Analysis> recent(int limit) {
		return this.repository.recent(limit);
	}

	static long elapsedMillis(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	/**
	 * An analysed image.
	 *
	 * @param image the image
	 * @param analysis its analysis
	 */
	public record AnalysedImage(FetchedImage image, Analysis analysis) {

	}

}
