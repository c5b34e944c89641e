package org.xrayspring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

import org.xrayspring.recorder.ContextListener;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.DaemonAddress;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.environment.EnvironmentDetector;
import org.xrayspring.recorder.environment.EvidencePaths;
import org.xrayspring.recorder.sampling.CentralizedSamplingStrategy;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.recorder.sampling.SamplingRulesException;
import org.xrayspring.recorder.sampling.SamplingStrategy;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the X-Ray {@link XRayRecorder}, its {@link Emitter} and its
 * {@link SamplingStrategy}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "xray.enabled", matchIfMissing = true)
@EnableConfigurationProperties(XRayProperties.class)
public final class XRayAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(Emitter.class)
	UdpEmitter xrayEmitter(XRayProperties properties, Environment environment) {
		if (properties.getEmitter().getQueueCapacity() < 1) {
			throw new InvalidConfigurationPropertyValueException("xray.emitter.queue-capacity",
					properties.getEmitter().getQueueCapacity(), "The queue capacity must be at least 1.");
		}
		return new UdpEmitter(daemonAddress(properties, environment), properties.getEmitter().getQueueCapacity());
	}

	/**
	 * The daemon's address from {@code xray.daemon-address}, which
	 * {@code AWS_XRAY_DAEMON_ADDRESS} backs through
	 * {@link XRayEnvironmentVariablesPostProcessor}; an invalid value is rejected naming
	 * where it came from.
	 */
	static DaemonAddress daemonAddress(XRayProperties properties, Environment environment) {
		String value = properties.getDaemonAddress();
		if (!StringUtils.hasText(value)) {
			return DaemonAddress.parse(DaemonAddress.DEFAULT);
		}
		try {
			return DaemonAddress.parse(value);
		}
		catch (IllegalArgumentException ex) {
			String variable = XRayEnvironmentVariablesPostProcessor.variableBacking(environment, "xray.daemon-address");
			throw new InvalidConfigurationPropertyValueException((variable != null) ? variable : "xray.daemon-address",
					value, ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	SamplingStrategy xraySamplingStrategy(XRayProperties properties) {
		XRayProperties.Sampling sampling = properties.getSampling();
		Resource rules = sampling.getRules();
		if (rules != null) {
			try (InputStream in = rules.getInputStream()) {
				return LocalSamplingStrategy.fromJson(in);
			}
			catch (IOException ex) {
				throw new InvalidConfigurationPropertyValueException("xray.sampling.rules", rules.getDescription(),
						"The sampling rules file cannot be read: " + ex.getMessage());
			}
			catch (SamplingRulesException ex) {
				throw new InvalidConfigurationPropertyValueException("xray.sampling.rules", rules.getDescription(),
						"The sampling rules file is invalid: " + ex.getMessage());
			}
		}
		if (sampling.getFixedTarget() < 0) {
			throw new InvalidConfigurationPropertyValueException("xray.sampling.fixed-target",
					sampling.getFixedTarget(), "The fixed target must not be negative.");
		}
		if (!(sampling.getRate() >= 0 && sampling.getRate() <= 1)) {
			throw new InvalidConfigurationPropertyValueException("xray.sampling.rate", sampling.getRate(),
					"The rate must be between 0 and 1.");
		}
		return LocalSamplingStrategy.of(sampling.getFixedTarget(), sampling.getRate());
	}

	/**
	 * Detects where the application runs on AWS. Variables are looked up in the Spring
	 * environment, which holds the process environment, so that tests can set them as
	 * properties.
	 */
	@Bean
	@ConditionalOnMissingBean
	EnvironmentDetector xrayEnvironmentDetector(XRayProperties properties, Environment environment,
			ObjectProvider<EvidencePaths> evidencePaths) {
		return EnvironmentDetector.builder()
			.kind(properties.getAws().getEnvironment())
			.eksClusterName(properties.getAws().getEksClusterName())
			.variables(environment::getProperty)
			.paths(evidencePaths.getIfAvailable(EvidencePaths::defaults))
			.build();
	}

	/**
	 * The recorder, built from the properties and then the
	 * {@link XRayRecorderBuilderCustomizer} beans in order. Closing it stops its
	 * in-progress thread and hands the segments still waiting for open subsegments to the
	 * emitter; it leaves the emitter, a bean of its own, to the context. The emitter is
	 * injected directly so that the context knows the recorder depends on it and closes
	 * the recorder first.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	XRayRecorder xrayRecorder(XRayProperties properties, Emitter emitter, SamplingStrategy samplingStrategy,
			ObjectProvider<ContextListener> contextListeners, EnvironmentDetector environmentDetector,
			Environment environment, ObjectProvider<CentralizedSamplingCustomizer> samplingCustomizers,
			ObjectProvider<XRayRecorderBuilderCustomizer> customizers) {
		Duration inProgressTimeout = properties.getInProgressTimeout();
		XRayRecorder.Builder builder = XRayRecorder.builder()
			.contextListener(contextListener(contextListeners.orderedStream().toList()))
			.inProgressTimeout((inProgressTimeout != null) ? inProgressTimeout : Duration.ZERO)
			.emitter(emitter)
			.closeEmitter(false)
			.samplingStrategy(centralized(properties, environment, samplingStrategy, samplingCustomizers))
			.contextMissing(properties.getContextMissing())
			.trustUpstream(properties.getSampling().isTrustUpstream())
			.serviceVersion(properties.getServiceVersion())
			// once, here: bounded to about a second, and only with local evidence of an
			// AWS environment
			.environment(environmentDetector.detect());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		XRayRecorder recorder = builder.build();
		// started only once it is known to be used: a builder customizer may have put
		// another strategy in its place, and the recorder closes only the one it holds
		if (recorder.getSamplingStrategy() instanceof CentralizedSamplingStrategy centralized) {
			centralized.start();
		}
		return recorder;
	}

	/**
	 * With {@code xray.sampling.centralized} (the default), local rules become the
	 * fallback of a strategy that takes its rules from the sampling API at the daemon's
	 * TCP address. Its poller thread starts, without waiting for anything, once the
	 * recorder is built with it, and stops when the recorder closes with the context. A
	 * sampling strategy of the application's own (not local rules) is used as it is.
	 */
	static SamplingStrategy centralized(XRayProperties properties, Environment environment, SamplingStrategy local,
			ObjectProvider<CentralizedSamplingCustomizer> customizers) {
		if (!properties.getSampling().isCentralized() || !(local instanceof LocalSamplingStrategy)) {
			return local;
		}
		CentralizedSamplingStrategy.Builder builder = CentralizedSamplingStrategy
			.builder(daemonAddress(properties, environment).tcpEndpoint())
			.fallback(local);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static @Nullable ContextListener contextListener(List<ContextListener> listeners) {
		if (listeners.isEmpty()) {
			return null;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		return (entity) -> {
			for (ContextListener listener : listeners) {
				listener.contextChanged(entity);
			}
		};
	}

}
