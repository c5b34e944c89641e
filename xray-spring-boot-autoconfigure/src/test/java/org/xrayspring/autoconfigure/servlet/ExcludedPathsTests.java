package org.xrayspring.autoconfigure.servlet;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;

import org.xrayspring.autoconfigure.inbound.ExcludedPaths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExcludedPathsTests {

	@ParameterizedTest(name = "{0} {1}{2} -> {3}")
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			/actuator/**         | /actuator            | null           | true
			/actuator/**         | /actuator/           | null           | true
			/actuator/**         | /actuator/health     | null           | true
			/actuator/**         | /actuator/health/db  | null           | true
			/actuator/**         | /actuatorx           | null           | false
			/actuator/**         | /Actuator/health     | null           | false
			/actuator/**         | /api/actuator/health | null           | false
			/actuator/**         | /api                 | /actuator/x    | false
			/api/actuator/**     | /api                 | /actuator/x    | true
			/exact               | /exact               | null           | true
			/exact               | /exact/              | null           | false
			/exact               | /exactly             | null           | false
			/static/**/*.css     | /static/site.css     | null           | true
			/static/**/*.css     | /static/a/b/site.css | null           | true
			/static/**/*.css     | /static/a/site.js    | null           | false
			/**/internal/*       | /internal/x          | null           | true
			/**/internal/*       | /a/b/internal/x      | null           | true
			/**/internal/*       | /a/internal/x/y      | null           | false
			/v?/ping             | /v1/ping             | null           | true
			/v?/ping             | /v10/ping            | null           | false
			/**                  | ''                   | /              | true
			/                    | ''                   | null           | true
			""")
	void matchesServletPathPlusPathInfo(String pattern, String servletPath, String pathInfo, boolean excluded) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ignored-request-uri");
		request.setContextPath("/ctx");
		request.setServletPath(servletPath);
		request.setPathInfo(pathInfo);
		assertThat(ExcludedPaths.of(List.of(pattern)).matches(XRayServletFilter.pathWithinApplication(request)))
			.isEqualTo(excluded);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "actuator/**", "**/health", "*.css" })
	void patternMustStartWithASlash(String pattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> ExcludedPaths.of(List.of(pattern)))
			.withMessageContaining("'" + pattern + "'")
			.withMessageContaining("must start with '/'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/a", "/a/b/c" })
	void nothingIsExcludedWithoutPatterns(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServletPath(path);
		assertThat(ExcludedPaths.of(List.of()).matches(XRayServletFilter.pathWithinApplication(request))).isFalse();
	}

}
