package org.xrayspring.autoconfigure.metrics;

import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.UdpEmitter;

/**
 * Binds the recorder's counters as {@code xray.recorder.<name>} (those of centralized
 * sampling as {@code xray.sampling.<name>}, for example {@code xray.sampling.failures};
 * {@code xray.sampling.rules.active} is a gauge) and the UDP emitter's as
 * {@code xray.emitter.<name>} (for example {@code xray.emitter.dropped.queue_full}); the
 * emitter's queue size is a gauge.
 */
final class XRayMeterBinder implements MeterBinder {

	private final XRayRecorder recorder;

	private final UdpEmitter emitter;

	XRayMeterBinder(XRayRecorder recorder, UdpEmitter emitter) {
		this.recorder = recorder;
		this.emitter = emitter;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Supplier<Map<String, Long>> counters = this.recorder::counters;
		for (String name : counters.get().keySet()) {
			// the sampling strategy's counters are xray.sampling.*, the recorder's own
			// xray.recorder.*
			bind(registry, name.startsWith("sampling.") ? "xray." : "xray.recorder.", name, counters);
		}
		if (this.emitter != null) {
			bind(registry, "xray.emitter.", this.emitter::counters);
		}
	}

	private static void bind(MeterRegistry registry, String prefix, Supplier<Map<String, Long>> counters) {
		for (String name : counters.get().keySet()) {
			bind(registry, prefix, name, counters);
		}
	}

	private static void bind(MeterRegistry registry, String prefix, String name, Supplier<Map<String, Long>> counters) {
		if (name.endsWith(".size") || name.endsWith(".active")) {
			Gauge.builder(prefix + name, counters, (source) -> source.get().getOrDefault(name, 0L)).register(registry);
		}
		else {
			FunctionCounter.builder(prefix + name, counters, (source) -> source.get().getOrDefault(name, 0L))
				.register(registry);
		}
	}

}
