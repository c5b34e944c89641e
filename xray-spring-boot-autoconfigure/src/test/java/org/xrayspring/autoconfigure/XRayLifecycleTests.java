package org.xrayspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * Closing the application context stops every thread the starter started, and the
 * segments still waiting for open subsegments reach the emitter before it closes.
 */
class XRayLifecycleTests {

	@Test
	void closingTheApplicationStopsEveryThreadItStartedAndSendsWaitingSegmentsFirst() {
		try (FakeDaemon daemon = new FakeDaemon()) {
			Set<Thread> before = Threads.live();
			ConfigurableApplicationContext context = new SpringApplication(LifecycleApplication.class).run(
					"--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off",
					"--xray.daemon-address=" + daemon.address(), "--xray.sampling.rate=1",
					"--xray.in-progress-timeout=1h");
			Segment segment;
			try {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				segment = recorder.beginSegment("svc");
				recorder.beginSubsegment("still-open");
				recorder.clearContext();
				segment.end();
				assertThat(Threads.startedSince(before)).extracting(Thread::getName)
					.contains("xray-udp-emitter", "xray-in-progress");
			}
			finally {
				context.close();
			}
			Threads.awaitNoneStartedSince(before);
			JsonNode document = assertValidDocument(daemon.next(Duration.ofSeconds(5)).body());
			assertThat(document.path("id").asString()).isEqualTo(segment.getId());
			assertThat(document.path("subsegments").get(0).path("in_progress").asBoolean()).isTrue();
		}
	}

	@Test
	void applicationsOwnEmitterGetsTheWaitingSegmentsAndIsClosedOnceAfterTheRecorder() {
		EventEmitter emitter = new EventEmitter();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class))
			.withBean(Emitter.class, () -> emitter)
			.withPropertyValues("xray.sampling.rate=1", "xray.in-progress-timeout=1h")
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				Segment segment = recorder.beginSegment("svc");
				Subsegment open = recorder.beginSubsegment("still-open");
				recorder.clearContext();
				segment.end();
				assertThat(open.isEnded()).isFalse();
			});
		assertThat(emitter.events).containsExactly("in-progress svc", "close");
	}

	@Test
	void recorderWithoutPendingSegmentsClosesCleanly() {
		EventEmitter emitter = new EventEmitter();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class))
			.withBean(Emitter.class, () -> emitter)
			.run((context) -> assertThat(context).hasSingleBean(XRayRecorder.class));
		assertThat(emitter.events).containsExactly("close");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class LifecycleApplication {

	}

	/** Records what the recorder and the context do to it, in order. */
	static final class EventEmitter implements Emitter {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void sendSegment(Segment segment) {
			this.events.add("complete " + segment.getName());
		}

		@Override
		public void sendInProgressSegment(Segment segment) {
			this.events.add("in-progress " + segment.getName());
		}

		@Override
		public void sendSubsegment(Subsegment subsegment) {
			this.events.add("subsegment " + subsegment.getName());
		}

		@Override
		public void close() {
			this.events.add("close");
		}

	}

}
