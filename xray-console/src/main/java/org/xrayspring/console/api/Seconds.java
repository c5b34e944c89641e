package org.xrayspring.console.api;

import java.time.Instant;

/**
 * Times and durations as the X-Ray API writes them: seconds as JSON numbers.
 *
 * @author xray-spring-boot
 */
final class Seconds {

	private Seconds() {
	}

	/**
	 * Return an instant as epoch seconds, to the millisecond.
	 * @param instant the instant
	 * @return epoch seconds
	 */
	static double of(Instant instant) {
		return instant.getEpochSecond() + instant.getNano() / 1_000_000 / 1000.0;
	}

	/**
	 * Round seconds computed from a trace to the microsecond, so differences of start and
	 * end times are written without floating-point noise.
	 * @param seconds the seconds
	 * @return the rounded seconds
	 */
	static double rounded(double seconds) {
		return Math.round(seconds * 1_000_000) / 1_000_000.0;
	}

}
