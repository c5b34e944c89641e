package org.xrayspring.console.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xrayspring.console.sampling.SamplingRuleRequest;
import tools.jackson.databind.JsonNode;

/**
 * Reads the rule of a CreateSamplingRule ({@code ServedSamplingRule}) or
 * UpdateSamplingRule ({@code SamplingRuleUpdate}) request. Only the JSON types are
 * checked here; the service's constraints on the values are checked by the rule store, so
 * both report the way the service does.
 *
 * @author xray-spring-boot
 */
final class SamplingRuleRequests {

	/** More attributes than the service allows are refused without reading them all. */
	private static final int MAX_ATTRIBUTES_READ = 16;

	private SamplingRuleRequests() {
	}

	/**
	 * Read the rule object of a request.
	 * @param body the request body
	 * @param field {@code ServedSamplingRule} or {@code SamplingRuleUpdate}
	 * @return the rule's fields as sent
	 */
	static SamplingRuleRequest read(JsonNode body, String field) {
		JsonNode rule = body.get(field);
		if (rule == null || rule.isNull()) {
			throw ApiException.invalidRequest("1 validation error detected: Value null at '" + field
					+ "' failed to satisfy constraint: Member must not be null");
		}
		if (!rule.isObject()) {
			throw ApiException.invalidRequest("'" + field + "' must be an object");
		}
		return new SamplingRuleRequest(JsonRequests.string(rule, "RuleName", false),
				JsonRequests.string(rule, "RuleARN", false), JsonRequests.string(rule, "ResourceARN", false),
				integer(rule, "Priority"), number(rule, "FixedRate"), integer(rule, "ReservoirSize"),
				JsonRequests.string(rule, "ServiceName", false), JsonRequests.string(rule, "ServiceType", false),
				JsonRequests.string(rule, "Host", false), JsonRequests.string(rule, "HTTPMethod", false),
				JsonRequests.string(rule, "URLPath", false), integer(rule, "Version"), attributes(rule));
	}

	private static @Nullable Integer integer(JsonNode rule, String field) {
		JsonNode value = rule.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw ApiException.invalidRequest("'" + field + "' must be an integer");
		}
		return value.intValue();
	}

	private static @Nullable Double number(JsonNode rule, String field) {
		JsonNode value = rule.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
			throw ApiException.invalidRequest("'" + field + "' must be a number");
		}
		return value.doubleValue();
	}

	private static @Nullable Map<String, String> attributes(JsonNode rule) {
		JsonNode value = rule.get("Attributes");
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isObject()) {
			throw ApiException.invalidRequest("'Attributes' must be an object of strings");
		}
		if (value.size() > MAX_ATTRIBUTES_READ) {
			throw ApiException.invalidRequest("1 validation error detected: Value at 'attributes' failed to "
					+ "satisfy constraint: Member must have length less than or equal to 5");
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : value.properties()) {
			if (!entry.getValue().isString()) {
				throw ApiException.invalidRequest("'Attributes' must be an object of strings");
			}
			String key = entry.getKey();
			String text = entry.getValue().stringValue();
			if (key.length() > JsonRequests.MAX_STRING_LENGTH || text.length() > JsonRequests.MAX_STRING_LENGTH) {
				throw JsonRequests.tooLong("Attributes", JsonRequests.MAX_STRING_LENGTH);
			}
			attributes.put(key, text);
		}
		return attributes;
	}

}
