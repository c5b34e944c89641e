package org.xrayspring.starter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * An {@code @EnableScheduling} application with nothing but the starter (and
 * {@code spring-boot-starter-webmvc}): each run of its {@code @Scheduled} method reaches
 * a real UDP daemon as a segment of its own, named after the service, with the job's
 * {@link XRayCapture @XRayCapture} call nested under it.
 */
@SpringBootTest(classes = StarterAloneScheduledTests.ScheduledApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.application.name=starter-jobs", "xray.sampling.fixed-target=1000",
				"xray.sampling.rate=1.0", "xray.sampling.centralized=false" })
class StarterAloneScheduledTests {

	static final FakeDaemon daemon = new FakeDaemon();

	@DynamicPropertySource
	static void daemonAddress(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
	}

	@AfterAll
	static void close() {
		daemon.close();
	}

	@Test
	void eachRunIsASegmentOfItsOwn() {
		List<String> documents = new ArrayList<>();
		while (documents.size() < 3) {
			Datagram datagram = daemon.next(Duration.ofSeconds(10));
			assertThat(datagram.daemonAccepts()).isTrue();
			documents.add(datagram.body());
		}
		RecordedTraces traces = RecordedTraces.of(documents);
		assertThat(traces.segments()).hasSize(3);
		Set<String> traceIds = new HashSet<>();
		for (RecordedEntity segment : traces.segments()) {
			traceIds.add(segment.traceId());
			assertThat(segment, traces).hasName("starter-jobs")
				.hasAnnotation("scheduled_method", "Jobs.refresh")
				.hasSubsegmentCount(1)
				.hasChildNamed("Steps.load");
		}
		assertThat(traceIds).hasSize(3);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableScheduling
	static class ScheduledApplication {

		@Bean
		Steps steps() {
			return new Steps();
		}

		@Bean
		Jobs jobs(Steps steps) {
			return new Jobs(steps);
		}

	}

	static class Steps {

		@XRayCapture
		public String load() {
			return "loaded";
		}

	}

	static class Jobs {

		private final Steps steps;

		Jobs(Steps steps) {
			this.steps = steps;
		}

		@Scheduled(fixedRate = 100)
		void refresh() {
			this.steps.load();
		}

	}

}
