package org.xrayspring.console.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.xrayspring.console.receiver.ReceiverCounters;
import org.xrayspring.console.receiver.RejectReason;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.ServedSamplingRule;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.store.TraceStore;

/**
 * The console's own status, as the web UI reads it: not an X-Ray shape, so its members
 * are named in camel case.
 *
 * @param console when the console started, the time now and its base path
 * @param receiver the UDP receiver's state and counters
 * @param store the trace store's contents, limits and losses
 * @param api what the API has been sent
 * @param sampling the sampling rules and the statistics reported for them
 * @author xray-spring-boot
 */
record StatusResponse(Console console, Receiver receiver, Store store, Api api, Sampling sampling) {

	/**
	 * The console.
	 *
	 * @param startedAt epoch seconds
	 * @param now epoch seconds
	 * @param basePath the base path of the UI and the API
	 */
	record Console(double startedAt, double now, String basePath) {
	}

	/**
	 * The UDP receiver; only {@code running} without one.
	 *
	 * @param running whether it receives
	 * @param address its address, {@code host:port}
	 * @param failure why it does not run, if it failed to start
	 * @param received datagrams read
	 * @param accepted datagrams stored
	 * @param rejected datagrams rejected
	 * @param queued datagrams waiting
	 * @param queuedBytes bytes waiting
	 * @param relayed datagrams relayed upstream
	 * @param relayFailed datagrams that could not be relayed
	 * @param rejectedByReason rejected datagrams by reason key
	 * @param recentRejects the latest rejects, oldest first
	 */
	@JsonInclude(Include.NON_NULL)
	record Receiver(boolean running, @Nullable String address, @Nullable String failure, @Nullable Long received,
			@Nullable Long accepted, @Nullable Long rejected, @Nullable Integer queued, @Nullable Long queuedBytes,
			@Nullable Long relayed, @Nullable Long relayFailed, @Nullable Map<String, Long> rejectedByReason,
			@Nullable List<RecentReject> recentRejects) {

		static Receiver of(@Nullable XRayConsoleReceiver receiver) {
			if (receiver == null) {
				return new Receiver(false, null, null, null, null, null, null, null, null, null, null, null);
			}
			ReceiverCounters counters = receiver.getCounters();
			Map<String, Long> byReason = new LinkedHashMap<>();
			for (Map.Entry<RejectReason, Long> entry : counters.getRejectedByReason().entrySet()) {
				byReason.put(entry.getKey().key(), entry.getValue());
			}
			return new Receiver(receiver.isRunning(),
					receiver.getLocalAddress().getHostString() + ":" + receiver.getLocalAddress().getPort(),
					receiver.getFailure(), counters.getReceived(), counters.getAccepted(), counters.getRejected(),
					receiver.getQueued(), receiver.getQueuedBytes(), counters.getRelayed(), counters.getRelayFailed(),
					byReason, counters.getRecentRejects().stream().map(RecentReject::of).toList());
		}

	}

	/**
	 * A recently rejected datagram.
	 *
	 * @param time epoch seconds
	 * @param reason the reason key
	 * @param detail what was wrong
	 * @param sample the start of the datagram
	 */
	record RecentReject(double time, String reason, String detail, String sample) {

		static RecentReject of(ReceiverCounters.RecentReject reject) {
			return new RecentReject(Seconds.of(reject.time()), reject.reason().key(), reject.detail(), reject.sample());
		}

	}

	/**
	 * The trace store.
	 *
	 * @param traces traces held
	 * @param documents documents held
	 * @param bytes retained bytes
	 * @param addedDocuments documents ever added
	 * @param evictedTraces traces evicted
	 * @param evictedByReason traces evicted by limit
	 * @param droppedDocuments documents dropped
	 * @param droppedByReason documents dropped by limit
	 * @param staleDocuments documents replaced by newer versions
	 * @param maxTraces the trace limit
	 * @param maxDocumentsPerTrace the per-trace document limit
	 * @param maxBytes the size limit
	 * @param maxTraceBytes the per-trace size limit
	 */
	record Store(int traces, long documents, long bytes, long addedDocuments, long evictedTraces,
			EvictedByReason evictedByReason, long droppedDocuments, DroppedByReason droppedByReason,
			long staleDocuments, int maxTraces, int maxDocumentsPerTrace, long maxBytes, long maxTraceBytes) {

		static Store of(TraceStore.Stats stats) {
			return new Store(stats.traces(), stats.documents(), stats.bytes(), stats.addedDocuments(),
					stats.evictedTraces(), new EvictedByReason(stats.evictedForTraces(), stats.evictedForBytes()),
					stats.droppedDocuments(), new DroppedByReason(stats.droppedForDocuments(), stats.droppedForBytes()),
					stats.staleDocuments(), stats.maxTraces(), stats.maxDocumentsPerTrace(), stats.maxBytes(),
					stats.maxTraceBytes());
		}

	}

	/**
	 * Traces evicted, by the limit that evicted them.
	 *
	 * @param maxTraces evicted for {@code xray.console.max-traces}
	 * @param maxStoreSize evicted for {@code xray.console.max-store-size}
	 */
	record EvictedByReason(@JsonProperty("max-traces") long maxTraces,
			@JsonProperty("max-store-size") long maxStoreSize) {
	}

	/**
	 * Documents dropped, by the limit that dropped them.
	 *
	 * @param maxDocumentsPerTrace dropped for
	 * {@code xray.console.max-documents-per-trace}
	 * @param maxTraceSize dropped because the trace reached its share of the store
	 */
	record DroppedByReason(@JsonProperty("max-documents-per-trace") long maxDocumentsPerTrace,
			@JsonProperty("max-trace-size") long maxTraceSize) {
	}

	/**
	 * What the API has been sent.
	 *
	 * @param putDocumentsAccepted documents PutTraceSegments stored
	 * @param putDocumentsRejected documents PutTraceSegments refused
	 * @param telemetryRecords telemetry records reported
	 */
	record Api(long putDocumentsAccepted, long putDocumentsRejected, long telemetryRecords) {

		static Api of(ApiCounters counters) {
			return new Api(counters.getDocumentsAccepted(), counters.getDocumentsRejected(),
					counters.getTelemetryRecords());
		}

	}

	/**
	 * The sampling rules.
	 *
	 * @param rules the rules by priority, {@code Default} last
	 */
	record Sampling(List<Rule> rules) {

		static Sampling of(SamplingRules samplingRules) {
			Map<String, SamplingRules.Totals> totals = samplingRules.getTotals();
			return new Sampling(samplingRules.getRules()
				.stream()
				.map((rule) -> Rule.of(rule, totals.get(rule.ruleName())))
				.toList());
		}

	}

	/**
	 * A sampling rule and the statistics reported for it.
	 *
	 * @param name the name
	 * @param priority the priority
	 * @param fixedRate the fixed rate
	 * @param reservoirSize the reservoir size
	 * @param serviceName the service name pattern
	 * @param httpMethod the HTTP method pattern
	 * @param urlPath the URL path pattern
	 * @param host the host pattern
	 * @param requests requests reported
	 * @param sampled requests reported as sampled
	 * @param borrowed requests reported as borrowed
	 * @param activeClients clients that reported recently
	 */
	record Rule(String name, int priority, double fixedRate, int reservoirSize, String serviceName, String httpMethod,
			String urlPath, String host, @JsonInclude(Include.NON_NULL) @Nullable Long requests,
			@JsonInclude(Include.NON_NULL) @Nullable Long sampled,
			@JsonInclude(Include.NON_NULL) @Nullable Long borrowed,
			@JsonInclude(Include.NON_NULL) @Nullable Integer activeClients) {

		static Rule of(ServedSamplingRule rule, SamplingRules.@Nullable Totals total) {
			return new Rule(rule.ruleName(), rule.priority(), rule.fixedRate(), rule.reservoirSize(),
					rule.serviceName(), rule.httpMethod(), rule.urlPath(), rule.host(),
					(total != null) ? total.requests() : null, (total != null) ? total.sampled() : null,
					(total != null) ? total.borrowed() : null, (total != null) ? total.activeClients() : null);
		}

	}

}
