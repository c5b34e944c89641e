package org.xrayspring.test.assertj;

import java.math.BigDecimal;

import tools.jackson.databind.JsonNode;

/**
 * Compares a value in a document with the Java value a test expects: numbers by value
 * whatever their type ({@code 42} matches {@code 42L} and {@code 42.0}), strings,
 * booleans, and anything else by its JSON form.
 */
final class JsonValues {

	private JsonValues() {
	}

	static boolean matches(JsonNode actual, Object expected) {
		if (actual == null || actual.isMissingNode()) {
			return false;
		}
		if (expected == null) {
			return actual.isNull();
		}
		if (expected instanceof JsonNode node) {
			return actual.equals(node);
		}
		if (expected instanceof Number number) {
			return actual.isNumber() && sameNumber(actual, number);
		}
		if (expected instanceof Boolean bool) {
			return actual.isBoolean() && actual.booleanValue() == bool;
		}
		if (expected instanceof CharSequence || expected instanceof Enum<?>) {
			return actual.isString() && actual.asString().equals(expected.toString());
		}
		return false;
	}

	private static boolean sameNumber(JsonNode actual, Number expected) {
		try {
			return actual.decimalValue().compareTo(new BigDecimal(expected.toString())) == 0;
		}
		catch (NumberFormatException ex) {
			// NaN and infinities are not JSON numbers
			return false;
		}
	}

}
