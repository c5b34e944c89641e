package org.xrayspring.console.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reading fields of API request bodies with X-Ray's validation messages. Every string is
 * bounded in length before it is looked at, so no field makes a request take time or
 * memory beyond a small bound.
 *
 * @author xray-spring-boot
 */
final class JsonRequests {

	/**
	 * The longest string field accepted where the operation sets no other bound.
	 */
	static final int MAX_STRING_LENGTH = 1024;

	/**
	 * The longest timestamp accepted as a string: epoch seconds with a fraction, or
	 * ISO-8601.
	 */
	static final int MAX_TIMESTAMP_LENGTH = 40;

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
			return finite(field, value.doubleValue());
		}
		if (value.isString()) {
			String text = value.stringValue();
			if (text.length() > MAX_TIMESTAMP_LENGTH) {
				throw tooLong(field, MAX_TIMESTAMP_LENGTH);
			}
			try {
				return finite(field, new BigDecimal(text).doubleValue());
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

	private static double finite(String field, double value) {
		if (!Double.isFinite(value)) {
			throw ApiException.invalidRequest("'" + field + "' must be a finite timestamp (epoch seconds)");
		}
		return value;
	}

	static @Nullable String string(JsonNode body, String field, boolean required) {
		return string(body, field, required, MAX_STRING_LENGTH);
	}

	static @Nullable String string(JsonNode body, String field, boolean required, int maxLength) {
		String value = stringValue(body, field, required);
		if (value != null && value.length() > maxLength) {
			throw tooLong(field, maxLength);
		}
		return value;
	}

	static ApiException tooLong(String field, int maxLength) {
		return ApiException.invalidRequest("1 validation error detected: Value at '" + field
				+ "' failed to satisfy constraint: Member must have length less than or equal to " + maxLength);
	}

	private static @Nullable String stringValue(JsonNode body, String field, boolean required) {
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

	/**
	 * Read {@code NextToken}: the console's tokens are offsets into the complete result.
	 * @param body the request body
	 * @return the offset of the requested page, {@code 0} without a token
	 */
	static int nextToken(JsonNode body) {
		String token = string(body, "NextToken", false);
		if (token == null || token.isEmpty()) {
			return 0;
		}
		try {
			int offset = Integer.parseInt(token);
			if (offset >= 0) {
				return offset;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw ApiException.invalidRequest("Invalid NextToken");
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
