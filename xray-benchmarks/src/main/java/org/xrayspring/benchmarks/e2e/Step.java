package org.xrayspring.benchmarks.e2e;

/**
 * One step of the {@code /sub10} and {@code /sub100} endpoints: a little arithmetic that
 * the JIT cannot remove, so that each subsegment wraps some work, the same in every mode.
 */
final class Step {

	/** The name of each step's subsegment. */
	static final String NAME = "step";

	private Step() {
	}

	/**
	 * A few rounds of a 64-bit mix of the step's index.
	 * @param index the step's index
	 * @return the mixed value
	 */
	static long work(long index) {
		long x = index + 0x9E3779B97F4A7C15L;
		for (int i = 0; i < 16; i++) {
			x ^= x >>> 31;
			x *= 0xBF58476D1CE4E5B9L;
			x ^= x >>> 27;
		}
		return x & 0xFF;
	}

}
