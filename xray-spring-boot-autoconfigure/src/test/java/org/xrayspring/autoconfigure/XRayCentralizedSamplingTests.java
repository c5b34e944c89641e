package org.xrayspring.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.autoconfigure.metrics.XRayMetricsAutoConfiguration;
import org.xrayspring.autoconfigure.testing.SamplingApiStub;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.CentralizedSamplingStrategy;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code xray.sampling.centralized}: on by default at the daemon's TCP address, off keeps
 * the local rules alone, an application's own strategy is left alone, the poller stops
 * with the context, the counters become {@code xray.sampling.*} meters.
 */
class XRayCentralizedSamplingTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer((context) -> new XRayEnvironmentVariablesPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayMetricsAutoConfiguration.class));

	private final SamplingApiStub api;

	XRayCentralizedSamplingTests() throws IOException {
		this.api = new SamplingApiStub();
	}

	@AfterEach
	void close() {
		this.api.close();
	}

	@Test
	void byDefaultTheLocalRulesAreTheFallbackOfCentralizedSamplingAtTheDaemonAddress() {
		this.contextRunner
			.withPropertyValues("xray.daemon-address=127.0.0.1:" + this.api.port(), "xray.sampling.rate=0")
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				assertThat(recorder.getSamplingStrategy()).isInstanceOf(CentralizedSamplingStrategy.class);
				CentralizedSamplingStrategy centralized = (CentralizedSamplingStrategy) recorder.getSamplingStrategy();
				assertThat(centralized.getFallback()).isSameAs(context.getBean(LocalSamplingStrategy.class));
				assertThat(centralized.getEndpoint()).isEqualTo("http://127.0.0.1:" + this.api.port());
				// the stub's Default rule samples everything; the local rules alone would
				// not, after the first
				await().atMost(TIMEOUT).until(() -> sampledInARow(recorder, 5));
				assertThat(this.api.paths()).contains("/GetSamplingRules");
			});
	}

	@Test
	void theTcpPartOfTheDaemonAddressIsTheSamplingEndpoint() {
		this.contextRunner.withPropertyValues("xray.daemon-address=udp:127.0.0.1:2999 tcp:127.0.0.1:" + this.api.port())
			.run((context) -> assertThat(endpoint(context.getBean(XRayRecorder.class)))
				.isEqualTo("http://127.0.0.1:" + this.api.port()));
	}

	@Test
	void theTcpPartOfAwsXRayDaemonAddressIsTheSamplingEndpoint() {
		this.contextRunner.withPropertyValues("AWS_XRAY_DAEMON_ADDRESS=tcp:127.0.0.7:2001 udp:127.0.0.8:2002")
			.run((context) -> assertThat(endpoint(context.getBean(XRayRecorder.class)))
				.isEqualTo("http://127.0.0.7:2001"));
	}

	@Test
	void withoutADaemonAddressTheDefaultAddressIsUsed() {
		this.contextRunner.run((context) -> assertThat(endpoint(context.getBean(XRayRecorder.class)))
			.isEqualTo("http://127.0.0.1:2000"));
	}

	@Test
	void centralizedFalseKeepsTheLocalRulesAlone() {
		this.contextRunner
			.withPropertyValues("xray.sampling.centralized=false", "xray.daemon-address=127.0.0.1:" + this.api.port())
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				assertThat(recorder.getSamplingStrategy()).isSameAs(context.getBean(LocalSamplingStrategy.class));
				assertThat(recorder.counters().keySet()).noneMatch((name) -> name.startsWith("sampling."));
			});
		assertThat(this.api.paths()).isEmpty();
	}

	@Test
	void anApplicationsOwnStrategyIsUsedAsItIs() {
		SamplingStrategy own = (request) -> true;
		this.contextRunner.withBean(SamplingStrategy.class, () -> own)
			.run((context) -> assertThat(context.getBean(XRayRecorder.class).getSamplingStrategy()).isSameAs(own));
	}

	@Test
	void aStrategySetByARecorderBuilderCustomizerStartsNoPoller() {
		SamplingStrategy own = (request) -> true;
		Set<Thread> pollersBefore = pollerThreads();
		this.contextRunner.withPropertyValues("xray.daemon-address=127.0.0.1:" + this.api.port())
			.withBean(XRayRecorderBuilderCustomizer.class, () -> (builder) -> builder.samplingStrategy(own))
			.run((context) -> {
				assertThat(context.getBean(XRayRecorder.class).getSamplingStrategy()).isSameAs(own);
				// a poller started for the strategy the customizer replaced would never
				// be stopped: the recorder closes only the strategy it holds
				assertThat(pollerThreads()).isSubsetOf(pollersBefore);
			});
	}

	private static Set<Thread> pollerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> CentralizedSamplingStrategy.THREAD_NAME.equals(thread.getName()))
			.collect(Collectors.toSet());
	}

	@Test
	void customizersAreAppliedAndThePollerStopsWithTheContext() {
		List<String> customized = new ArrayList<>();
		List<CentralizedSamplingStrategy> strategies = new ArrayList<>();
		this.contextRunner.withPropertyValues("xray.daemon-address=127.0.0.1:" + this.api.port())
			.withBean("first", CentralizedSamplingCustomizer.class,
					() -> (builder) -> customized.add("first:" + builder.targetsInterval(Duration.ofMillis(200))))
			.run((context) -> {
				assertThat(customized).hasSize(1);
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				await().atMost(TIMEOUT).until(() -> sampledInARow(recorder, 1));
				// the short targets interval: statistics are reported without waiting ten
				// seconds
				await().atMost(TIMEOUT).until(() -> this.api.paths().contains("/SamplingTargets"));
				CentralizedSamplingStrategy strategy = (CentralizedSamplingStrategy) recorder.getSamplingStrategy();
				assertThat(strategy.isPolling()).isTrue();
				strategies.add(strategy);
			});
		await().atMost(TIMEOUT).until(() -> !strategies.get(0).isPolling());
	}

	@Test
	void countersArePublishedAsXRaySamplingMeters() {
		this.contextRunner.withPropertyValues("xray.daemon-address=127.0.0.1:" + this.api.port()).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			MeterRegistry registry = new SimpleMeterRegistry();
			context.getBeansOfType(MeterBinder.class).values().forEach((binder) -> binder.bindTo(registry));
			await().atMost(TIMEOUT)
				.until(() -> registry.get("xray.sampling.rules.fetches").functionCounter().count() == 1);
			assertThat(registry.get("xray.sampling.rules.active").gauge().value()).isEqualTo(1);
			assertThat(registry.get("xray.sampling.failures").functionCounter().count()).isZero();
			assertThat(registry.find("xray.sampling.targets.fetches").functionCounter()).isNotNull();
			assertThat(registry.find("xray.recorder.sampling.failures").meter()).isNull();
			assertThat(recorder.counters()).containsKey("sampling.failures");
		});
	}

	private static boolean sampledInARow(XRayRecorder recorder, int times) {
		for (int i = 0; i < times; i++) {
			if (!recorder.getSamplingStrategy().shouldTrace(new SamplingRequest("h", "GET", "/", "svc"))) {
				return false;
			}
		}
		return true;
	}

	private static String endpoint(XRayRecorder recorder) {
		return ((CentralizedSamplingStrategy) recorder.getSamplingStrategy()).getEndpoint();
	}

}
