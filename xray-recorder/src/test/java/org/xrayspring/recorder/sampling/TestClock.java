package org.xrayspring.recorder.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock that tests move by hand.
 */
final class TestClock implements LongSupplier {

	private final AtomicLong nanos;

	TestClock(long startNanos) {
		this.nanos = new AtomicLong(startNanos);
	}

	static TestClock atSeconds(double seconds) {
		return new TestClock((long) (seconds * 1e9));
	}

	void setSeconds(double seconds) {
		this.nanos.set((long) (seconds * 1e9));
	}

	void advanceMillis(long millis) {
		this.nanos.addAndGet(millis * 1_000_000L);
	}

	@Override
	public long getAsLong() {
		return this.nanos.get();
	}

}
