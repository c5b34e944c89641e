package org.xrayspring.sample.vision.rekognition;

import java.util.List;

import org.xrayspring.sample.vision.VisionProperties;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Label;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Detects the labels of an image through Rekognition's {@code DetectLabels}, with the
 * application's {@link RekognitionClient} (traced by the X-Ray SDK interceptor like any
 * other SDK client).
 *
 * @author xray-spring-boot
 */
@Component
public class LabelDetector {

	private final ObjectProvider<RekognitionClient> client;

	private final VisionProperties.Rekognition properties;

	LabelDetector(ObjectProvider<RekognitionClient> client, VisionProperties properties) {
		// The client is created lazily: in local mode its endpoint is this application's
		// own port.
		this.client = client;
		this.properties = properties.getRekognition();
	}

	/**
	 * Detect the labels of a JPEG or PNG image.
	 * @param image the image's bytes
	 * @return the labels, most confident first
	 * @throws LabelDetectionException if Rekognition could not be asked or refused the
	 * image
	 */
	public List<DetectedLabel> detect(byte[] image) {
		DetectLabelsResponse response;
		try {
			response = this.client.getObject()
				.detectLabels((request) -> request.image((i) -> i.bytes(SdkBytes.fromByteArrayUnsafe(image)))
					.maxLabels(this.properties.getMaxLabels())
					.minConfidence(this.properties.getMinConfidence()));
		}
		catch (SdkException ex) {
			throw new LabelDetectionException("Rekognition could not label this image.", ex);
		}
		return response.labels().stream().map(LabelDetector::toLabel).toList();
	}

	private static DetectedLabel toLabel(Label label) {
		List<String> parents = label.parents().stream().map((parent) -> parent.name()).toList();
		float confidence = (label.confidence() != null) ? label.confidence() : 0;
		return new DetectedLabel(label.name(), confidence, parents);
	}

}
