package org.xrayspring.console.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reading fields of API request bodies with X-Ray's validation messages.
 *
 * @author xray-spring-boot
 */
final class JsonRequests {

	private JsonRequests() {
	}

	static @Nullable Double timestamp(JsonNode body, String field, boolean required) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw ApiException.invalidRequest("1 validation error detected: Value null at '" + field
						+ "' failed to satisfy constraint: Member must not be null");
			}
			return null;
		}
		if (value.isNumber()) {
			return value.doubleValue();
		}
		if (value.isString()) {
			String text = value.stringValue();
			try {
				return new BigDecimal(text).doubleValue();
			}
			catch (NumberFormatException ex) {
				try {
					Instant instant = Instant.parse(text);
					return instant.getEpochSecond() + instant.getNano() / 1e9;
				}
				catch (RuntimeException ex2) {
					// Fall through to the error below.
				}
			}
		}
		throw ApiException.invalidRequest("'" + field + "' must be a timestamp (epoch seconds)");
	}

	static @Nullable String string(JsonNode body, String field, boolean required) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw ApiException.invalidRequest("1 validation error detected: Value null at '" + field
						+ "' failed to satisfy constraint: Member must not be null");
			}
			return null;
		}
		if (!value.isString()) {
			throw ApiException.invalidRequest("'" + field + "' must be a string");
		}
		return value.stringValue();
	}

	static long number(JsonNode body, String field, boolean required) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			if (required) {
				throw ApiException.invalidRequest("1 validation error detected: Value null at '" + field
						+ "' failed to satisfy constraint: Member must not be null");
			}
			return 0;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
			throw ApiException.invalidRequest("'" + field + "' must be a non-negative integer");
		}
		return value.longValue();
	}

	static JsonNode array(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			throw ApiException.invalidRequest("1 validation error detected: Value null at '" + field
					+ "' failed to satisfy constraint: Member must not be null");
		}
		if (!value.isArray()) {
			throw ApiException.invalidRequest("'" + field + "' must be a list");
		}
		return value;
	}

}
