package org.xrayspring.console.query;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Syntax tests for {@link FilterExpression}; matching is covered through the API in {@code XRayApiTests}.
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

}
