package org.xrayspring.console.receiver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;

/**
 * Logs a warning at most once per interval and key, saying how many were suppressed.
 *
 * @author xray-spring-boot
 */
final class RateLimitedLog {

	private final Log log;

	private final long intervalMillis;

	private final Map<String, long[]> state = new ConcurrentHashMap<>();

	RateLimitedLog(Log log, long intervalMillis) {
		this.log = log;
		this.intervalMillis = intervalMillis;
	}

	void warn(String key, String message) {
		long now = System.currentTimeMillis();
		long[] entry = this.state.computeIfAbsent(key, (k) -> new long[] { Long.MIN_VALUE / 2, 0 });
		long suppressed;
		synchronized (entry) {
			if (now - entry[0] < this.intervalMillis) {
				entry[1]++;
				return;
			}
			suppressed = entry[1];
			entry[0] = now;
			entry[1] = 0;
		}
		this.log.warn((suppressed > 0) ? message + " (" + suppressed + " similar messages suppressed)" : message);
	}

}
