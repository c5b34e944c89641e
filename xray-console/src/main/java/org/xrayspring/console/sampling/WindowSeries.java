package org.xrayspring.console.sampling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xrayspring.console.sampling.SamplingStatistics.Window;

/**
 * Counts of the last few reporting windows in a fixed ring of slots: memory does not grow
 * with time or traffic. Sums saturate at {@link Long#MAX_VALUE} rather than wrap. Not
 * thread-safe (guarded by its owner).
 *
 * @author xray-spring-boot
 */
final class WindowSeries {

	private static final long EMPTY = Long.MIN_VALUE;

	private final int windowSeconds;

	private final long[] starts;

	private final long[] requests;

	private final long[] sampled;

	private final long[] borrowed;

	private final long[] reports;

	WindowSeries(int windows, int windowSeconds) {
		this.windowSeconds = windowSeconds;
		this.starts = new long[windows];
		this.requests = new long[windows];
		this.sampled = new long[windows];
		this.borrowed = new long[windows];
		this.reports = new long[windows];
		Arrays.fill(this.starts, EMPTY);
	}

	/**
	 * Return the start (epoch second) of the window holding the given time.
	 * @param epochSecond the time
	 * @return the window's start
	 */
	long windowStart(long epochSecond) {
		return Math.floorDiv(epochSecond, this.windowSeconds) * this.windowSeconds;
	}

	void add(long epochSecond, long requestCount, long sampledCount, long borrowCount) {
		long start = windowStart(epochSecond);
		int slot = (int) Math.floorMod(Math.floorDiv(start, this.windowSeconds), (long) this.starts.length);
		if (this.starts[slot] != start) {
			this.starts[slot] = start;
			this.requests[slot] = 0;
			this.sampled[slot] = 0;
			this.borrowed[slot] = 0;
			this.reports[slot] = 0;
		}
		this.requests[slot] = saturatedAdd(this.requests[slot], requestCount);
		this.sampled[slot] = saturatedAdd(this.sampled[slot], sampledCount);
		this.borrowed[slot] = saturatedAdd(this.borrowed[slot], borrowCount);
		this.reports[slot] = saturatedAdd(this.reports[slot], 1);
	}

	/**
	 * Return the windows with reports that are among the last ones before {@code now},
	 * oldest first.
	 * @param nowEpochSecond the current time
	 * @return the windows
	 */
	List<Window> windows(long nowEpochSecond) {
		long current = windowStart(nowEpochSecond);
		long oldest = current - (long) (this.starts.length - 1) * this.windowSeconds;
		List<Window> windows = new ArrayList<>();
		for (int slot = 0; slot < this.starts.length; slot++) {
			long start = this.starts[slot];
			if (start != EMPTY && start >= oldest && start <= current) {
				windows.add(new Window(Instant.ofEpochSecond(start), this.requests[slot], this.sampled[slot],
						this.borrowed[slot], this.reports[slot]));
			}
		}
		windows.sort(Comparator.comparing(Window::start));
		return windows;
	}

	@Nullable Window latest(long nowEpochSecond) {
		List<Window> windows = windows(nowEpochSecond);
		return windows.isEmpty() ? null : windows.get(windows.size() - 1);
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

}
