package org.xrayspring.console.assembly;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Syntax tests for {@link FilterExpression}; matching is covered through the API in
 * {@code XRayApiTests}.
 *
 * @author xray-spring-boot
 */
class FilterExpressionTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "  ", "fault", "!fault", "NOT error", "fault = false", "service(\"a b\")", "service()",
			"annotation.k", "annotation.k = \"v\"", "annotation.k = 1.5", "annotation.k = true",
			"http.status >= 500 AND (error OR throttle)", "responsetime > 0.5 && duration < 3 || partial",
			"http.url CONTAINS \"/orders\"", "http.method = \"GET\"", "user = \"alice\"", "id = \"1-a-b\"" })
	void parsesSupportedExpressions(String expression) {
		assertThatNoException().isThrownBy(() -> FilterExpression.parse(expression));
	}

	@ParameterizedTest
	@ValueSource(strings = { "bogus", "service(", "service(name)", "annotation.k =", "http.status = \"x\"",
			"responsetime >", "fault = maybe", "(fault", "fault)", "\"unterminated", "fault ==", "http.status ~ 3",
			"responsetime CONTAINS 3", "fault AND" })
	void rejectsInvalidExpressionsWithMessage(String expression) {
		assertThatIllegalArgumentException().isThrownBy(() -> FilterExpression.parse(expression))
			.withMessageNotContaining("Exception");
	}

	@Test
	void boundsNestingDepth() {
		int depth = FilterExpression.MAX_DEPTH;
		assertThatNoException()
			.isThrownBy(() -> FilterExpression.parse("(".repeat(depth) + "fault" + ")".repeat(depth)));
		assertThatNoException().isThrownBy(() -> FilterExpression.parse("!".repeat(depth) + "fault"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FilterExpression.parse("(".repeat(depth + 1) + "fault" + ")".repeat(depth + 1)))
			.withMessageContaining("deeper than " + depth);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FilterExpression.parse("(!".repeat(depth / 2) + "!fault" + ")".repeat(depth / 2)))
			.withMessageContaining("deeper than " + depth);
		// Depth is nesting, not the number of groups: many groups side by side are fine.
		assertThatNoException().isThrownBy(() -> FilterExpression.parse("(fault) or ".repeat(300) + "(error)"));
	}

	@Test
	void boundsLength() {
		String longest = "fault or " + " ".repeat(FilterExpression.MAX_LENGTH - 14) + "error";
		assertThat(longest).hasSize(FilterExpression.MAX_LENGTH);
		assertThatNoException().isThrownBy(() -> FilterExpression.parse(longest));
		assertThatIllegalArgumentException().isThrownBy(() -> FilterExpression.parse(longest + " "))
			.withMessageContaining("longer than " + FilterExpression.MAX_LENGTH);
	}

}
