package org.xrayspring.starter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MVC application whose class path is exactly what a user gets with the starter and
 * {@code spring-boot-starter-webmvc}: no AspectJ weaver, none of the autoconfigure
 * module's optional dependencies. One request calls an {@link XRayCapture @XRayCapture}
 * method, an {@code @Async} method and {@code CompletableFuture.supplyAsync} on Boot's
 * {@code applicationTaskExecutor}, and returns a {@link Callable}; a real UDP daemon
 * receives one trace in which the work done on every thread nests under the request's
 * segment.
 */
@SpringBootTest(classes = StarterAloneTracingTests.StarterApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.application.name=starter-alone",
				"xray.sampling.fixed-target=1000", "xray.sampling.rate=1.0" })
class StarterAloneTracingTests {

	static final FakeDaemon daemon = new FakeDaemon();

	@DynamicPropertySource
	static void daemonAddress(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
	}

	@AfterAll
	static void close() {
		daemon.close();
	}

	@LocalServerPort
	int port;

	@Test
	void classPathHasNoAspectJWeaver() {
		// what the rest of this class proves would mean little with the weaver on the
		// class path
		assertThat(ClassUtils.isPresent("org.aspectj.weaver.Advice", null)).isFalse();
		assertThat(ClassUtils.isPresent("org.aspectj.lang.annotation.Aspect", null)).isFalse();
	}

	@Test
	void springMvcBuildsNoServerObservationThatNoHandlerWants(@Autowired ObservationRegistry registry) {
		// the starter's handlers make the registry non-empty; the servlet filter records
		// requests, so without a metrics or tracing handler nobody wants Spring MVC's
		// http.server.requests observation and it stays a no-op
		Observation server = Observation.createNotStarted("http.server.requests",
				() -> new ServerRequestObservationContext(new MockHttpServletRequest(), new MockHttpServletResponse()),
				registry);
		assertThat(server.isNoop()).isTrue();
		assertThat(Observation.createNotStarted("inventory.check", registry).isNoop()).isFalse();
	}

	@Test
	void workOnEveryThreadNestsUnderTheRequestSegment(@Autowired Steps steps) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/work")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("direct,async,future,callable");
		// the work really ran on other threads than the request's
		Map<String, String> threads = steps.threads();
		assertThat(threads).containsOnlyKeys("direct", "async", "future", "callable");
		assertThat(threads.get("async")).isNotEqualTo(threads.get("direct"));
		assertThat(threads.get("future")).isNotEqualTo(threads.get("direct"));
		assertThat(threads.get("callable")).isNotEqualTo(threads.get("direct"));

		RecordedTraces trace = RecordedTraces.of(daemon.receiveDocuments(Duration.ofSeconds(10)));
		assertThat(trace.traceIds()).hasSize(1);
		List<RecordedEntity> segments = trace.roots();
		assertThat(segments).hasSize(1);
		RecordedEntity segment = segments.get(0);
		assertThat(segment.json().path("name").asString()).isEqualTo("starter-alone");
		assertThat(segment.json().path("http").path("request").path("url").asString()).endsWith("/work");
		assertThat(segment.json().path("http").path("response").path("status").asInt()).isEqualTo(200);
		for (String name : List.of("Steps.direct", "Steps.inAsync", "Steps.inFuture", "Steps.inCallable")) {
			assertThat(trace.named(name).parentId()).as("parent of %s", name).isEqualTo(segment.id());
		}
		assertThat(trace.entities()).hasSize(5);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class StarterApplication {

		@Bean
		Steps steps() {
			return new Steps();
		}

		@Bean
		AsyncWorker asyncWorker(Steps steps) {
			return new AsyncWorker(steps);
		}

		@Bean
		WorkController workController(Steps steps, AsyncWorker worker,
				@Qualifier("applicationTaskExecutor") Executor executor) {
			return new WorkController(steps, worker, executor);
		}

	}

	/**
	 * The captured methods; each remembers the thread it ran on.
	 */
	static class Steps {

		private final Map<String, String> threads = new ConcurrentHashMap<>();

		public Map<String, String> threads() {
			return this.threads;
		}

		@XRayCapture
		public String direct() {
			return ran("direct");
		}

		@XRayCapture
		public String inAsync() {
			return ran("async");
		}

		@XRayCapture
		public String inFuture() {
			return ran("future");
		}

		@XRayCapture
		public String inCallable() {
			return ran("callable");
		}

		private String ran(String step) {
			this.threads.put(step, Thread.currentThread().getName());
			return step;
		}

	}

	static class AsyncWorker {

		private final Steps steps;

		AsyncWorker(Steps steps) {
			this.steps = steps;
		}

		@Async
		public CompletableFuture<String> work() {
			return CompletableFuture.completedFuture(this.steps.inAsync());
		}

	}

	@RestController
	static class WorkController {

		private final Steps steps;

		private final AsyncWorker worker;

		private final Executor executor;

		WorkController(Steps steps, AsyncWorker worker, Executor executor) {
			this.steps = steps;
			this.worker = worker;
			this.executor = executor;
		}

		@GetMapping("/work")
		Callable<String> work() {
			String direct = this.steps.direct();
			String async = this.worker.work().join();
			String future = CompletableFuture.supplyAsync(this.steps::inFuture, this.executor).join();
			return () -> direct + "," + async + "," + future + "," + this.steps.inCallable();
		}

	}

}
