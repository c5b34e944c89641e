package org.xrayspring.console.api;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Reads API request bodies as JSON objects, refusing bodies larger than a limit before
 * reading more than the limit and JSON nested deeper or with longer numbers than the
 * console's mapper allows.
 *
 * @author xray-spring-boot
 */
final class RequestBodies {

	private final long maxBytes;

	/**
	 * Create a reader.
	 * @param maxBytes the largest accepted body
	 */
	RequestBodies(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Read a request's body.
	 * @param request the request
	 * @return the body; an empty object for {@code GET} requests and empty bodies
	 * @throws ApiException if the body is too large or not a JSON object
	 */
	JsonNode read(ServerRequest request) {
		if (HttpMethod.GET.equals(request.method())) {
			return ApiJson.MAPPER.createObjectNode();
		}
		HttpServletRequest servletRequest = request.servletRequest();
		if (servletRequest.getContentLengthLong() > this.maxBytes) {
			throw tooLarge();
		}
		byte[] bytes;
		try (InputStream input = servletRequest.getInputStream()) {
			bytes = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBytes + 1));
		}
		catch (IOException ex) {
			throw ApiException.invalidRequest("Could not read the request body");
		}
		if (bytes.length > this.maxBytes) {
			throw tooLarge();
		}
		if (bytes.length == 0) {
			return ApiJson.MAPPER.createObjectNode();
		}
		JsonNode body;
		try {
			body = ApiJson.MAPPER.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "SerializationException",
					"The request body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (body == null || !body.isObject()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "SerializationException",
					"The request body must be a JSON object");
		}
		return body;
	}

	private ApiException tooLarge() {
		return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "RequestEntityTooLargeException",
				"The request body is larger than " + this.maxBytes + " bytes (xray.console.max-request-body)");
	}

}
