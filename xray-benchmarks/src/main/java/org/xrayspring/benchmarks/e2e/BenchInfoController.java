package org.xrayspring.benchmarks.e2e;

import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.ServletContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.recorder.emitter.UdpEmitter;

/**
 * {@code GET /bench/info}: what this run really does, so that a result can be checked (is
 * the filter there, is the data source wrapped, did the emitter send everything or drop
 * some).
 */
@RestController
final class BenchInfoController {

	private final String mode;

	private final ServletContext servletContext;

	private final Backends backends;

	private final ObjectProvider<FloorFilter> floorFilter;

	private final ObjectProvider<UdpEmitter> udpEmitter;

	BenchInfoController(@Value("${bench.mode}") String mode, ServletContext servletContext, Backends backends,
			ObjectProvider<FloorFilter> floorFilter, ObjectProvider<UdpEmitter> udpEmitter) {
		this.mode = mode;
		this.servletContext = servletContext;
		this.backends = backends;
		this.floorFilter = floorFilter;
		this.udpEmitter = udpEmitter;
	}

	@GetMapping(path = "/bench/info", produces = "text/plain")
	String info() {
		StringBuilder info = new StringBuilder();
		info.append("mode: ").append(this.mode).append('\n');
		Map<String, String> filters = new TreeMap<>();
		this.servletContext.getFilterRegistrations()
			.forEach((name, registration) -> filters.put(name, registration.getClassName()));
		info.append("filters: ").append(filters).append('\n');
		info.append("backends: ").append(this.backends.describe()).append('\n');
		this.floorFilter.ifAvailable((floor) -> info.append("floor: datagram_bytes=")
			.append(floor.datagramSize())
			.append(" sent=")
			.append(floor.sent())
			.append(" failures=")
			.append(floor.failures())
			.append('\n'));
		this.udpEmitter
			.ifAvailable((emitter) -> info.append("starter emitter: ").append(emitter.counters()).append('\n'));
		return info.toString();
	}

}
