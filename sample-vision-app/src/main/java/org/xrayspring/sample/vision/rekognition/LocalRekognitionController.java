package org.xrayspring.sample.vision.rekognition;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;
import org.xrayspring.sample.vision.images.ImageFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A local stand-in for Amazon Rekognition's {@code DetectLabels}, in the AWS JSON 1.1
 * protocol, so the sample's {@code RekognitionClient} makes a real SDK call over HTTP
 * without an AWS account. Labels come from {@link LabelComputer}. Request signatures are
 * not checked.
 *
 * @author xray-spring-boot
 */
@RestController
@ConditionalOnProperty(name = "vision.rekognition.mode", havingValue = "local", matchIfMissing = true)
class LocalRekognitionController {

	/**
	 * Path of the endpoint; the SDK posts to it with a trailing slash.
	 */
	static final String PATH = "/local-aws/rekognition";

	static final MediaType AMZ_JSON = MediaType.parseMediaType("application/x-amz-json-1.1");

	private static final String DETECT_LABELS = "RekognitionService.DetectLabels";

	private static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;

	private final JsonMapper mapper;

	LocalRekognitionController(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@PostMapping(path = { PATH, PATH + "/" })
	ResponseEntity<byte[]> handle(@RequestHeader(name = "X-Amz-Target", required = false) String target,
			@RequestBody(required = false) byte[] body) {
		if (!DETECT_LABELS.equals(target)) {
			return error(HttpStatus.BAD_REQUEST, "UnknownOperationException",
					"The local Rekognition endpoint only implements DetectLabels, not " + target);
		}
		JsonNode request;
		try {
			request = this.mapper.readTree((body != null) ? body : new byte[0]);
		}
		catch (JacksonException ex) {
			return error(HttpStatus.BAD_REQUEST, "SerializationException", "The request body is not valid JSON");
		}
		if (request == null || !request.isObject()) {
			return error(HttpStatus.BAD_REQUEST, "SerializationException", "The request body is not a JSON object");
		}
		return detectLabels(request);
	}

	private ResponseEntity<byte[]> detectLabels(JsonNode request) {
		JsonNode image = request.path("Image");
		if (image.has("S3Object")) {
			return error(HttpStatus.BAD_REQUEST, "InvalidS3ObjectException",
					"The local Rekognition endpoint has no S3: send the image bytes");
		}
		JsonNode encoded = image.path("Bytes");
		if (!encoded.isString() || encoded.asString().isEmpty()) {
			return error(HttpStatus.BAD_REQUEST, "InvalidParameterException", "Image.Bytes is required");
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(encoded.asString());
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, "InvalidParameterException", "Image.Bytes is not valid base64");
		}
		if (bytes.length > MAX_IMAGE_BYTES) {
			return error(HttpStatus.BAD_REQUEST, "ImageTooLargeException", "Image.Bytes is larger than 5 MB");
		}
		BufferedImage decoded = decode(bytes);
		if (decoded == null) {
			return error(HttpStatus.BAD_REQUEST, "InvalidImageFormatException", "Request has unsupported image format");
		}
		int maxLabels = request.path("MaxLabels").asInt(1000);
		double minConfidence = request.path("MinConfidence").asDouble(55);
		if (maxLabels < 0 || minConfidence < 0 || minConfidence > 100) {
			return error(HttpStatus.BAD_REQUEST, "InvalidParameterException",
					"MaxLabels must be positive and MinConfidence between 0 and 100");
		}
		List<Map<String, Object>> labels = new ArrayList<>();
		for (DetectedLabel label : LabelComputer.labels(decoded)) {
			if (labels.size() < maxLabels && label.confidence() >= minConfidence) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("Name", label.name());
				entry.put("Confidence", label.confidence());
				entry.put("Instances", List.of());
				entry.put("Parents", label.parents().stream().map((parent) -> Map.of("Name", parent)).toList());
				labels.add(entry);
			}
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("Labels", labels);
		response.put("LabelModelVersion", "3.0");
		return respond(HttpStatus.OK, response);
	}

	private static @Nullable BufferedImage decode(byte[] bytes) {
		// Rekognition takes JPEG and PNG only.
		if (ImageFormat.detect(bytes) == null) {
			return null;
		}
		try {
			return ImageIO.read(new ByteArrayInputStream(bytes));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private ResponseEntity<byte[]> error(HttpStatus status, String type, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("__type", type);
		body.put("Message", message);
		return respond(status, body);
	}

	private ResponseEntity<byte[]> respond(HttpStatus status, Map<String, Object> body) {
		return ResponseEntity.status(status)
			.contentType(AMZ_JSON)
			.header("x-amzn-RequestId", UUID.randomUUID().toString())
			.body(this.mapper.writeValueAsBytes(body));
	}

}
