package org.xrayspring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.UdpEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of Micrometer meters for the recorder's and emitter's counters.
 * Boot binds every {@code MeterBinder} bean to its registries.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(XRayRecorder.class)
public final class XRayMetricsAutoConfiguration {

	@Bean
	XRayMeterBinder xrayMeterBinder(XRayRecorder recorder, ObjectProvider<UdpEmitter> emitter) {
		return new XRayMeterBinder(recorder, emitter.getIfAvailable());
	}

}
