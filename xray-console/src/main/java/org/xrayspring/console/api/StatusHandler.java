package org.xrayspring.console.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.store.TraceStore;
import tools.jackson.databind.JsonNode;

/**
 * The console's own operations, {@code GET /console/status} and
 * {@code POST /console/clear}, and the telemetry the SDKs and daemons report
 * (PutTelemetryRecords), which the status counts. Clearing and telemetry answer an empty
 * object.
 *
 * @author xray-spring-boot
 */
final class StatusHandler {

	private final String basePath;

	private final TraceStore store;

	private final SamplingRules samplingRules;

	private final @Nullable XRayConsoleReceiver receiver;

	private final ApiCounters counters;

	private final Clock clock;

	private final Instant startedAt;

	StatusHandler(String basePath, TraceStore store, SamplingRules samplingRules,
			@Nullable XRayConsoleReceiver receiver, ApiCounters counters, Clock clock) {
		this.basePath = basePath;
		this.store = store;
		this.samplingRules = samplingRules;
		this.receiver = receiver;
		this.counters = counters;
		this.clock = clock;
		this.startedAt = clock.instant();
	}

	StatusResponse status(JsonNode body) {
		return new StatusResponse(
				new StatusResponse.Console(Seconds.of(this.startedAt), Seconds.of(this.clock.instant()), this.basePath),
				StatusResponse.Receiver.of(this.receiver), StatusResponse.Store.of(this.store.getStats()),
				StatusResponse.Api.of(this.counters), StatusResponse.Sampling.of(this.samplingRules));
	}

	Map<String, Object> clear(JsonNode body) {
		this.store.clear();
		return Map.of();
	}

	Map<String, Object> putTelemetryRecords(JsonNode body) {
		this.counters.telemetryRecords(JsonRequests.array(body, "TelemetryRecords").size());
		return Map.of();
	}

}
