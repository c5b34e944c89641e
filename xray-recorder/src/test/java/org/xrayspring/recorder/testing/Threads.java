package org.xrayspring.recorder.testing;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which threads a piece of code left running: take {@link #live()} before starting it,
 * and after stopping it {@link #awaitNoneStartedSince(Set) wait} until every thread
 * started since has ended.
 */
public final class Threads {

	private Threads() {
	}

	/**
	 * The threads alive now.
	 * @return the threads
	 */
	public static Set<Thread> live() {
		return Set.copyOf(Thread.getAllStackTraces().keySet());
	}

	/**
	 * The threads alive now that were not in an earlier snapshot.
	 * @param before the snapshot
	 * @return the threads started since and still alive
	 */
	public static List<Thread> startedSince(Set<Thread> before) {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> !before.contains(thread)).toList();
	}

	/**
	 * Waits (up to 10 seconds) until every thread started since the snapshot has ended,
	 * and fails naming the threads still alive otherwise.
	 * @param before the snapshot
	 */
	public static void awaitNoneStartedSince(Set<Thread> before) {
		Awaitility.await("threads started since the snapshot to end")
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.pollInSameThread()
			.untilAsserted(() -> assertThat(startedSince(before)).extracting(Thread::getName).isEmpty());
	}

}
