package org.xrayspring.console.receiver;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of the UDP receiver. {@code received} counts every datagram read; each ends up
 * {@code accepted}, rejected with a {@link RejectReason}, or still queued. Thread-safe.
 *
 * @author xray-spring-boot
 */
public final class ReceiverCounters {

	private static final int RECENT_REJECTS = 20;

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);

	private final AtomicLong relayed = new AtomicLong();

	private final AtomicLong relayFailed = new AtomicLong();

	private final ArrayDeque<RecentReject> recentRejects = new ArrayDeque<>();

	void received() {
		this.received.incrementAndGet();
	}

	void accepted() {
		this.accepted.incrementAndGet();
	}

	void rejected(RejectReason reason, String detail, String sample) {
		this.rejected.incrementAndGet(reason.ordinal());
		synchronized (this.recentRejects) {
			if (this.recentRejects.size() == RECENT_REJECTS) {
				this.recentRejects.removeFirst();
			}
			this.recentRejects.addLast(new RecentReject(Instant.now(), reason, detail, sample));
		}
	}

	void relayed(boolean success) {
		(success ? this.relayed : this.relayFailed).incrementAndGet();
	}

	/**
	 * Return the number of datagrams read.
	 * @return the count
	 */
	public long getReceived() {
		return this.received.get();
	}

	/**
	 * Return the number of datagrams whose documents were stored.
	 * @return the count
	 */
	public long getAccepted() {
		return this.accepted.get();
	}

	/**
	 * Return the number of datagrams rejected or dropped, for any reason.
	 * @return the count
	 */
	public long getRejected() {
		long total = 0;
		for (int i = 0; i < this.rejected.length(); i++) {
			total += this.rejected.get(i);
		}
		return total;
	}

	/**
	 * Return the number of datagrams rejected for one reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long getRejected(RejectReason reason) {
		return this.rejected.get(reason.ordinal());
	}

	/**
	 * Return the rejected counts by reason, every reason present.
	 * @return an ordered map
	 */
	public Map<RejectReason, Long> getRejectedByReason() {
		Map<RejectReason, Long> result = new EnumMap<>(RejectReason.class);
		for (RejectReason reason : RejectReason.values()) {
			result.put(reason, getRejected(reason));
		}
		return Collections.unmodifiableMap(result);
	}

	/**
	 * Return the number of datagrams relayed upstream.
	 * @return the count
	 */
	public long getRelayed() {
		return this.relayed.get();
	}

	/**
	 * Return the number of datagrams that could not be relayed.
	 * @return the count
	 */
	public long getRelayFailed() {
		return this.relayFailed.get();
	}

	/**
	 * Return the most recent rejects, oldest first (at most 20).
	 * @return the rejects
	 */
	public List<RecentReject> getRecentRejects() {
		synchronized (this.recentRejects) {
			return new ArrayList<>(this.recentRejects);
		}
	}

	/**
	 * One recently rejected datagram.
	 *
	 * @param time when it was rejected
	 * @param reason why
	 * @param detail a human-readable explanation
	 * @param sample the start of the datagram (at most 200 characters)
	 */
	public record RecentReject(Instant time, RejectReason reason, String detail, String sample) {
	}

}
