package org.xrayspring.recorder.sampling;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Reservoir}.
 */
class ReservoirTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 5, 100 })
	void givesExactlyFixedTargetPerSecondThenResets(int fixedTarget) {
		TestClock clock = TestClock.atSeconds(100.0);
		Reservoir reservoir = new Reservoir(fixedTarget, clock.getAsLong());
		for (int second = 100; second < 105; second++) {
			clock.setSeconds(second + 0.001);
			int taken = 0;
			for (int i = 0; i < fixedTarget * 3; i++) {
				clock.advanceMillis(1);
				if (reservoir.take(clock)) {
					taken++;
				}
			}
			assertThat(taken).as("second %d", second).isEqualTo(fixedTarget);
		}
	}

	@Test
	void resetsExactlyAtTheSecondBoundary() {
		TestClock clock = TestClock.atSeconds(10.2);
		Reservoir reservoir = new Reservoir(1, clock.getAsLong());
		assertThat(reservoir.take(clock)).isTrue();
		clock.setSeconds(10.999);
		assertThat(reservoir.take(clock)).isFalse();
		clock.setSeconds(11.0);
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isFalse();
	}

	@Test
	void skippedSecondsDoNotAccumulate() {
		TestClock clock = TestClock.atSeconds(1.0);
		Reservoir reservoir = new Reservoir(2, clock.getAsLong());
		clock.setSeconds(60.5);
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isFalse();
	}

	@Test
	void staleClockReadingCountsAgainstTheCurrentSecond() {
		TestClock clock = TestClock.atSeconds(5.0);
		Reservoir reservoir = new Reservoir(2, clock.getAsLong());
		clock.setSeconds(6.1);
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isTrue();
		// A thread that read the clock just before second 6 must not wind the reservoir
		// back to second 5.
		clock.setSeconds(5.9);
		assertThat(reservoir.take(clock)).isFalse();
		clock.setSeconds(6.5);
		assertThat(reservoir.take(clock)).isFalse();
	}

	@Test
	void worksWithNegativeNanoTime() {
		// System.nanoTime() has an arbitrary origin and may be negative.
		TestClock clock = TestClock.atSeconds(-2.5);
		Reservoir reservoir = new Reservoir(1, clock.getAsLong());
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isFalse();
		clock.setSeconds(-2.0);
		assertThat(reservoir.take(clock)).isTrue();
		clock.setSeconds(-0.5);
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isFalse();
		clock.setSeconds(0.0);
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isFalse();
	}

	@Test
	void survivesWrapAroundOfTheStoredSecond() {
		long lastSecondBeforeWrap = (1L << 32) - 1;
		TestClock clock = new TestClock(lastSecondBeforeWrap * 1_000_000_000L);
		Reservoir reservoir = new Reservoir(1, clock.getAsLong());
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isFalse();
		clock.advanceMillis(1000);
		assertThat(reservoir.take(clock)).isTrue();
		assertThat(reservoir.take(clock)).isFalse();
	}

	@Test
	void zeroTargetNeverTakesAndDoesNotReadTheClock() {
		Reservoir reservoir = new Reservoir(0, 0L);
		LongSupplier failingClock = () -> {
			throw new AssertionError("clock read");
		};
		assertThat(reservoir.take(failingClock)).isFalse();
	}

	@Test
	void negativeTargetIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Reservoir(-1, 0L));
	}

}
