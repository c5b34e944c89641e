package org.xrayspring.benchmarks.e2e;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The four ways the end-to-end application runs.
 */
public enum BenchMode {

	/**
	 * Nothing traces: {@code xray.enabled=false}.
	 */
	UNTRACED,

	/**
	 * {@code xray.enabled=false} plus {@link FloorFilter}: one fixed segment-sized
	 * datagram per request and nothing else, the cost any UDP tracer pays.
	 */
	FLOOR,

	/**
	 * {@code xray.enabled=false} plus the AWS X-Ray SDK for Java 2.21.0: its servlet
	 * filter, its Apache HttpClient 4 for the outbound call, a hand-made SQL subsegment
	 * for the query; samples everything.
	 */
	AWS,

	/**
	 * This project's starter, sampling everything ({@code xray.sampling.rate=1}).
	 */
	STARTER;

	/**
	 * Parses {@code bench.mode}.
	 * @param value the property's value
	 * @return the mode
	 * @throws IllegalArgumentException if the value is missing or unknown
	 */
	public static BenchMode of(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("bench.mode is required: untraced, floor, aws or starter");
		}
		return valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

	/**
	 * The name used in {@code bench.mode}.
	 * @return the lower-case name
	 */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	Map<String, Object> properties(String daemonAddress) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("bench.mode", id());
		properties.put("bench.backends", (this == AWS) ? "aws" : "spring");
		properties.put("xray.enabled", this == STARTER);
		// the local console (on this module's class path once it depends on xray-console)
		// is never part of a run
		properties.put("xray.console.enabled", false);
		if (this == STARTER) {
			properties.put("xray.daemon-address", daemonAddress);
			properties.put("xray.service-name", "e2e");
			properties.put("xray.sampling.rate", 1);
		}
		return properties;
	}

}
