package org.xrayspring.console.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The X-Ray service's constraints on a sampling rule's fields (from its API model),
 * checked all at once and reported as the service does:
 * {@code "2 validation errors detected: Value '10000' at 'samplingRule.priority'
 * failed to satisfy constraint: Member must have value less than or equal to 9999; ..."}.
 * Values of string fields are not repeated in messages, so a message stays short whatever
 * was sent.
 *
 * @author xray-spring-boot
 */
final class SamplingRuleConstraints {

	static final int MAX_RULE_NAME = 32;

	static final int MAX_RESOURCE_ARN = 500;

	static final int MIN_PRIORITY = 1;

	static final int MAX_PRIORITY = 9999;

	static final int MAX_SERVICE_NAME = 64;

	static final int MAX_SERVICE_TYPE = 64;

	static final int MAX_HOST = 64;

	static final int MAX_HTTP_METHOD = 10;

	static final int MAX_URL_PATH = 128;

	static final int MAX_ATTRIBUTES = 5;

	static final int MAX_ATTRIBUTE_LENGTH = 32;

	/** The only rule format version the service knows. */
	static final int VERSION = 1;

	private final String shape;

	private final List<String> errors = new ArrayList<>();

	private SamplingRuleConstraints(String shape) {
		this.shape = shape;
	}

	/**
	 * Check the fields of a CreateSamplingRule request: all required but the ARN and
	 * attributes.
	 * @param request the request
	 * @throws SamplingRuleException if a constraint is not met
	 */
	static void checkCreate(SamplingRuleRequest request) {
		SamplingRuleConstraints constraints = new SamplingRuleConstraints("samplingRule");
		constraints.check(request, true);
		if (request.version() != null && request.version() > VERSION) {
			constraints.errors.add("Value '" + request.version() + "' at 'samplingRule.version' failed to satisfy "
					+ "constraint: Member must be " + VERSION + " (the only sampling rule version)");
		}
		constraints.throwIfInvalid();
	}

	/**
	 * Check the fields present in an UpdateSamplingRule request.
	 * @param request the request
	 * @throws SamplingRuleException if a constraint is not met
	 */
	static void checkUpdate(SamplingRuleRequest request) {
		SamplingRuleConstraints constraints = new SamplingRuleConstraints("samplingRuleUpdate");
		constraints.check(request, false);
		constraints.throwIfInvalid();
	}

	private void check(SamplingRuleRequest request, boolean create) {
		length("ruleName", request.ruleName(), 1, MAX_RULE_NAME, false);
		length("resourceARN", request.resourceArn(), 0, MAX_RESOURCE_ARN, create);
		range("priority", request.priority(), MIN_PRIORITY, MAX_PRIORITY, create);
		range("fixedRate", request.fixedRate(), 0, 1, create);
		range("reservoirSize", request.reservoirSize(), 0, Integer.MAX_VALUE, create);
		length("serviceName", request.serviceName(), 0, MAX_SERVICE_NAME, create);
		length("serviceType", request.serviceType(), 0, MAX_SERVICE_TYPE, create);
		length("host", request.host(), 0, MAX_HOST, create);
		length("hTTPMethod", request.httpMethod(), 0, MAX_HTTP_METHOD, create);
		length("uRLPath", request.urlPath(), 0, MAX_URL_PATH, create);
		if (create) {
			range("version", request.version(), VERSION, Integer.MAX_VALUE, true);
		}
		attributes(request.attributes());
	}

	private void length(String field, @Nullable String value, int min, int max, boolean required) {
		if (value == null) {
			if (required) {
				notNull(field);
			}
			return;
		}
		if (value.length() > max) {
			this.errors.add("Value at '" + path(field)
					+ "' failed to satisfy constraint: Member must have length less than or equal to " + max);
		}
		else if (value.length() < min) {
			this.errors.add("Value at '" + path(field)
					+ "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
		}
	}

	private void range(String field, @Nullable Number value, double min, double max, boolean required) {
		if (value == null) {
			if (required) {
				notNull(field);
			}
			return;
		}
		double number = value.doubleValue();
		if (Double.isNaN(number) || number > max) {
			this.errors.add("Value '" + value + "' at '" + path(field)
					+ "' failed to satisfy constraint: Member must have value less than or equal to " + format(max));
		}
		else if (number < min) {
			this.errors.add("Value '" + value + "' at '" + path(field)
					+ "' failed to satisfy constraint: Member must have value greater than or equal to " + format(min));
		}
	}

	private void attributes(@Nullable Map<String, String> attributes) {
		if (attributes == null) {
			return;
		}
		if (attributes.size() > MAX_ATTRIBUTES) {
			this.errors.add("Value at '" + path("attributes")
					+ "' failed to satisfy constraint: Member must have length less than or equal to "
					+ MAX_ATTRIBUTES);
			return;
		}
		for (Map.Entry<String, String> entry : attributes.entrySet()) {
			if (!fits(entry.getKey()) || !fits(entry.getValue())) {
				this.errors.add("Value at '" + path("attributes") + "' failed to satisfy constraint: Map keys and "
						+ "values must have length greater than or equal to 1 and less than or equal to "
						+ MAX_ATTRIBUTE_LENGTH);
				return;
			}
		}
	}

	private static boolean fits(@Nullable String value) {
		return value != null && !value.isEmpty() && value.length() <= MAX_ATTRIBUTE_LENGTH;
	}

	private void notNull(String field) {
		this.errors.add("Value null at '" + path(field) + "' failed to satisfy constraint: Member must not be null");
	}

	private String path(String field) {
		return this.shape + "." + field;
	}

	private static String format(double bound) {
		return (bound == Math.rint(bound)) ? String.valueOf((long) bound) : String.valueOf(bound);
	}

	private void throwIfInvalid() {
		if (this.errors.isEmpty()) {
			return;
		}
		int count = this.errors.size();
		throw SamplingRuleException.invalidRequest(count + " validation error" + ((count > 1) ? "s" : "")
				+ " detected: " + String.join("; ", this.errors));
	}

}
