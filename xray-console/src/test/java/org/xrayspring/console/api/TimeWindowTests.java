package org.xrayspring.console.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TimeWindow}.
 *
 * @author xray-spring-boot
 */
class TimeWindowTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void includesBothEnds() {
		TimeWindow window = TimeWindow.of(MAPPER.readTree("{\"StartTime\":10,\"EndTime\":\"20.5\"}"));
		assertThat(window).isEqualTo(new TimeWindow(10, 20.5));
		assertThat(window.contains(10)).isTrue();
		assertThat(window.contains(20.5)).isTrue();
		assertThat(window.contains(9.999)).isFalse();
		assertThat(window.contains(20.501)).isFalse();
	}

	@Test
	void acceptsAnEmptyWindowAndIsoTimestamps() {
		TimeWindow window = TimeWindow
			.of(MAPPER.readTree("{\"StartTime\":\"2023-11-14T22:13:20Z\",\"EndTime\":1700000000}"));
		assertThat(window.start()).isEqualTo(window.end()).isEqualTo(1_700_000_000);
	}

	@Test
	void requiresBothEnds() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> TimeWindow.of(MAPPER.readTree("{\"StartTime\":10}")))
			.withMessageContaining("'EndTime' failed to satisfy constraint: Member must not be null");
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> TimeWindow.of(MAPPER.readTree("{\"EndTime\":10}")))
			.withMessageContaining("'StartTime'");
	}

	@Test
	void refusesAWindowEndingBeforeItStarts() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> TimeWindow.of(MAPPER.readTree("{\"StartTime\":10,\"EndTime\":9.5}")))
			.satisfies((ex) -> {
				assertThat(ex.getType()).isEqualTo("InvalidRequestException");
				assertThat(ex.getMessage()).isEqualTo("EndTime must not be before StartTime");
			});
	}

}
