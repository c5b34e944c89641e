package org.xrayspring.sample.vision;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.sample.vision.images.ImageFetchException;
import org.xrayspring.sample.vision.rekognition.DetectedLabel;
import org.xrayspring.sample.vision.rekognition.LabelDetectionException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The page: two random images side by side with their labels, how long the request took
 * and a link to its trace, and {@code /api/analyses} with the recent analyses as JSON.
 *
 * @author xray-spring-boot
 */
@Controller
class PageController {

	private static final Log logger = LogFactory.getLog(PageController.class);

	private static final int IMAGES = 2;

	private final VisionService service;

	private final ObjectProvider<XRayRecorder> recorder;

	private final VisionProperties properties;

	PageController(VisionService service, ObjectProvider<XRayRecorder> recorder, VisionProperties properties) {
		this.service = service;
		this.recorder = recorder;
		this.properties = properties;
	}

	@GetMapping("/")
	String index(Model model) {
		long start = System.nanoTime();
		List<Card> cards = new ArrayList<>();
		for (int i = 0; i < IMAGES; i++) {
			cards.add(analyse());
		}
		String traceId = currentTraceId();
		model.addAttribute("cards", cards);
		model.addAttribute("durationMillis", VisionService.elapsedMillis(start));
		model.addAttribute("traceId", traceId);
		model.addAttribute("traceLink", traceLink(traceId));
		return "index";
	}

	@GetMapping("/api/analyses")
	@ResponseBody
	List<Analysis> analyses() {
		return this.service.recent(this.properties.getRecentLimit());
	}

	private Card analyse() {
		long start = System.nanoTime();
		String error;
		try {
			VisionService.AnalysedImage analysed = this.service.analyse();
			Analysis analysis = analysed.analysis();
			return new Card(analysed.image().dataUri(), analysis.imageName(), analysis.labels(), null,
					analysis.durationMillis());
		}
		catch (ImageFetchException | LabelDetectionException ex) {
			// Expected failures carry a message written for the user; the trace holds the
			// details.
			logger.warn(ex.getMessage() + ((ex.getCause() != null) ? " (" + ex.getCause() + ")" : ""));
			error = ex.getMessage();
		}
		catch (RuntimeException ex) {
			logger.error("Analysis failed", ex);
			error = "Something went wrong while analysing this image.";
		}
		long duration = VisionService.elapsedMillis(start);
		try {
			this.service.recordFailure(error, duration);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not store the failed analysis: " + ex);
		}
		return new Card(null, null, List.of(), error, duration);
	}

	private @Nullable String currentTraceId() {
		XRayRecorder xray = this.recorder.getIfAvailable();
		return (xray != null) ? xray.getCurrentTraceId() : null;
	}

	private @Nullable String traceLink(String traceId) {
		String template = this.properties.getTraceLink();
		if (traceId == null || template == null || template.isBlank()) {
			return null;
		}
		return template.replace("{traceId}", traceId);
	}

	/**
	 * One image card on the page.
	 *
	 * @param dataUri the image as a data URI, {@code null} if it failed
	 * @param imageName the image's name, or {@code null}
	 * @param labels its labels
	 * @param error what went wrong, or {@code null}
	 * @param durationMillis how long its analysis took
	 */
	record Card(@Nullable String dataUri, @Nullable String imageName, List<DetectedLabel> labels,
			@Nullable String error, long durationMillis) {

	}

}
