package org.xrayspring.recorder.sampling;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A per-rule reservoir: at most {@code fixedTarget} requests per second are sampled
 * regardless of the rule's rate.
 * <p>
 * Lock-free: one {@link AtomicLong} packs the current second (upper 32 bits, the low 32
 * bits of {@code floor(nanoTime / 1e9)}) and the number taken in that second (lower 32
 * bits), updated by a CAS loop, so request threads never block each other and the count
 * is exact under contention. A thread whose clock reading is older than the stored second
 * (it read the clock just before another thread moved the reservoir on) counts against
 * the stored second rather than winding the reservoir back, so a second never hands out
 * more than {@code fixedTarget}.
 * <p>
 * Unlike the Java SDK this does not spread targets of ten or more over deciseconds: the
 * contract is simply "the first {@code fixedTarget} requests of each second".
 */
final class Reservoir {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final long COUNT_MASK = 0xFFFF_FFFFL;

	private final int fixedTarget;

	private final AtomicLong state;

	/**
	 * Creates a reservoir.
	 * @param fixedTarget the number of requests per second, at least 0
	 * @param nowNanos the current time of the clock later passed to
	 * {@link #take(LongSupplier)}
	 */
	Reservoir(int fixedTarget, long nowNanos) {
		if (fixedTarget < 0) {
			throw new IllegalArgumentException("fixedTarget must not be negative");
		}
		this.fixedTarget = fixedTarget;
		this.state = new AtomicLong(second(nowNanos) << 32);
	}

	/**
	 * Takes one request from this second's allowance.
	 * @param nanoClock the clock ({@link System#nanoTime()} or a test clock), read only
	 * when the target is not 0
	 * @return {@code true} if the request is sampled by the reservoir
	 */
	boolean take(LongSupplier nanoClock) {
		if (this.fixedTarget == 0) {
			return false;
		}
		return take(nanoClock.getAsLong());
	}

	/**
	 * Takes one request from the allowance of the second the given time falls in.
	 * @param nowNanos the current time of the clock this reservoir was created with
	 * @return {@code true} if the request is sampled by the reservoir
	 */
	boolean take(long nowNanos) {
		if (this.fixedTarget == 0) {
			return false;
		}
		long now = second(nowNanos);
		while (true) {
			long current = this.state.get();
			long currentSecond = current >>> 32;
			long next;
			// Signed 32-bit difference: correct across wrap-around of the truncated
			// second.
			if ((int) (now - currentSecond) > 0) {
				next = (now << 32) | 1;
			}
			else {
				if ((current & COUNT_MASK) >= this.fixedTarget) {
					return false;
				}
				next = current + 1;
			}
			if (this.state.compareAndSet(current, next)) {
				return true;
			}
		}
	}

	int fixedTarget() {
		return this.fixedTarget;
	}

	private static long second(long nanos) {
		return Math.floorDiv(nanos, NANOS_PER_SECOND) & COUNT_MASK;
	}

}
