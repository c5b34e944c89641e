package org.xrayspring.recorder.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.json.JsonParseException;
import org.xrayspring.recorder.json.JsonReader;

/**
 * Reads and validates a local sampling rules document (version 1 or 2 of the X-Ray SDK
 * format). Validation follows the Go and Java SDKs and is strict where they are vague
 * (required numbers, rate at most 1) so that a mistake in the file fails start-up with a
 * message naming the rule and field instead of silently sampling differently. Unknown
 * fields are ignored.
 */
final class SamplingRulesParser {

	private static final String PREFIX = "Invalid sampling rules: ";

	private SamplingRulesParser() {
	}

	record Parsed(int version, LocalSamplingRule defaultRule, List<LocalSamplingRule> rules) {
	}

	static Parsed parse(String json) {
		if (json == null) {
			throw new SamplingRulesException(PREFIX + "the document must not be null");
		}
		Object root;
		try {
			root = JsonReader.parse(json);
		}
		catch (JsonParseException ex) {
			throw new SamplingRulesException(PREFIX + ex.getMessage(), ex);
		}
		if (!(root instanceof Map<?, ?> document)) {
			throw fail("the document must be a JSON object but was " + describe(root));
		}
		int version = version(document.get("version"));
		LocalSamplingRule defaultRule = defaultRule(document);
		Object rulesValue = document.get("rules");
		List<LocalSamplingRule> rules = new ArrayList<>();
		if (rulesValue != null) {
			if (!(rulesValue instanceof List<?> list)) {
				throw fail("'rules' must be an array but was " + describe(rulesValue));
			}
			for (int i = 0; i < list.size(); i++) {
				rules.add(rule(version, i, list.get(i)));
			}
		}
		return new Parsed(version, defaultRule, List.copyOf(rules));
	}

	private static int version(@Nullable Object value) {
		if (value == null) {
			throw fail("'version' is required and must be 1 or 2");
		}
		if (value instanceof Long number && (number == 1 || number == 2)) {
			return number.intValue();
		}
		throw fail("'version' must be 1 or 2 but was " + describe(value));
	}

	private static LocalSamplingRule defaultRule(Map<?, ?> document) {
		Object value = document.get("default");
		if (value == null) {
			throw fail("'default' is required (an object with fixed_target and rate)");
		}
		if (!(value instanceof Map<?, ?> rule)) {
			throw fail("'default' must be an object but was " + describe(value));
		}
		for (String forbidden : new String[] { "host", "service_name", "http_method", "url_path" }) {
			if (rule.get(forbidden) != null) {
				throw fail("'default' must not set '" + forbidden + "' (the default rule matches every request)");
			}
		}
		String where = "default";
		return LocalSamplingRule.matchingAll(description(rule, where), fixedTarget(rule, where), rate(rule, where));
	}

	private static LocalSamplingRule rule(int version, int index, Object value) {
		String where = "rules[" + index + "]";
		if (!(value instanceof Map<?, ?> rule)) {
			throw fail(where + " must be an object but was " + describe(value));
		}
		String host;
		if (version == 1) {
			if (rule.get("host") != null) {
				throw fail(where + ".host is not allowed in a version 1 document (use service_name, or version 2)");
			}
			// The SDKs match a version 1 service_name against the host.
			host = requiredPattern(rule, where, "service_name");
		}
		else {
			if (rule.get("service_name") != null) {
				throw fail(where + ".service_name is not allowed in a version 2 document (use host)");
			}
			host = requiredPattern(rule, where, "host");
		}
		String httpMethod = requiredPattern(rule, where, "http_method");
		String urlPath = requiredPattern(rule, where, "url_path");
		return new LocalSamplingRule(description(rule, where), host, httpMethod, urlPath, fixedTarget(rule, where),
				rate(rule, where));
	}

	private static String requiredPattern(Map<?, ?> rule, String where, String field) {
		Object value = rule.get(field);
		if (value == null) {
			throw fail(where + "." + field + " is required");
		}
		if (!(value instanceof String pattern)) {
			throw fail(where + "." + field + " must be a string but was " + describe(value));
		}
		if (pattern.isEmpty()) {
			throw fail(where + "." + field + " must not be empty (use \"*\" to match everything)");
		}
		return pattern;
	}

	private static @Nullable String description(Map<?, ?> rule, String where) {
		Object value = rule.get("description");
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw fail(where + ".description must be a string but was " + describe(value));
	}

	private static int fixedTarget(Map<?, ?> rule, String where) {
		Object value = rule.get("fixed_target");
		if (value == null) {
			throw fail(where + ".fixed_target is required (a non-negative integer: requests sampled per second)");
		}
		if (value instanceof Long number && number >= 0 && number <= Integer.MAX_VALUE) {
			return number.intValue();
		}
		throw fail(where + ".fixed_target must be an integer between 0 and " + Integer.MAX_VALUE + " but was "
				+ describe(value));
	}

	private static double rate(Map<?, ?> rule, String where) {
		Object value = rule.get("rate");
		if (value == null) {
			throw fail(where + ".rate is required (a number between 0 and 1)");
		}
		if (value instanceof Number number) {
			double rate = number.doubleValue();
			if (rate >= 0 && rate <= 1) {
				return rate;
			}
		}
		throw fail(where + ".rate must be a number between 0 and 1 but was " + describe(value));
	}

	private static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof String string) {
			return "the string \"" + ((string.length() > 40) ? string.substring(0, 40) + "..." : string) + "\"";
		}
		if (value instanceof Map) {
			return "an object";
		}
		if (value instanceof List) {
			return "an array";
		}
		return value.toString();
	}

	private static SamplingRulesException fail(String problem) {
		return new SamplingRulesException(PREFIX + problem);
	}

}
