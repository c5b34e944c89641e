package org.xrayspring.sample.vision.rekognition;

import java.util.List;

/**
 * A label found in an image, as Rekognition's DetectLabels answers it.
 *
 * @param name the label, for example 'Sky'
 * @param confidence the confidence in percent, 0 to 100
 * @param parents names of the label's parent labels, for example 'Outdoors' for 'Sky'
 * @author xray-spring-boot
 */
public record DetectedLabel(String name, float confidence, List<String> parents) {

	public DetectedLabel {
		parents = List.copyOf(parents);
	}

}
