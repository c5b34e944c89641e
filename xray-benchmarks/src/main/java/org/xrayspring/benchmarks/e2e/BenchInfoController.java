package org.xrayspring.benchmarks.e2e;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
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

	/**
	 * What the JVM did so far, for the script to take differences around a measured run:
	 * bytes allocated by all live threads ({@code allocated_bytes}; the request and
	 * sender threads live as long as the application) and each collector's collections
	 * and time.
	 * @return {@code key=value} lines
	 */
	@GetMapping(path = "/bench/jvm", produces = "text/plain")
	String jvm() {
		StringBuilder info = new StringBuilder();
		long allocated = 0;
		if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads) {
			for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
				allocated += Math.max(bytes, 0);
			}
		}
		info.append("allocated_bytes=").append(allocated).append('\n');
		long count = 0;
		long millis = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += collector.getCollectionCount();
			millis += collector.getCollectionTime();
			String name = collector.getName().replace(' ', '_');
			info.append("gc.")
				.append(name)
				.append(".count=")
				.append(collector.getCollectionCount())
				.append('\n')
				.append("gc.")
				.append(name)
				.append(".time_ms=")
				.append(collector.getCollectionTime())
				.append('\n');
		}
		info.append("gc.count=").append(count).append('\n').append("gc.time_ms=").append(millis).append('\n');
		return info.toString();
	}

}
