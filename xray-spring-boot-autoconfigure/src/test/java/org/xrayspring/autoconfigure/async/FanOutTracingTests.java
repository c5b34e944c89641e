package org.xrayspring.autoconfigure.async;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import org.xrayspring.autoconfigure.httpclient.LoopbackHttpServer;
import org.xrayspring.recorder.ContextListener;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request to a real application fans out through {@code @Async},
 * {@code CompletableFuture.supplyAsync} on Boot's task executor and a WebClient chain;
 * the fake daemon receives one trace with every subsegment under the right parent, the
 * downstream server sees each call's subsegment as parent, and no thread keeps a context.
 */
@SpringBootTest(classes = FanOutTracingTests.FanOutApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=fanout", "xray.sampling.fixed-target=1000", "xray.sampling.rate=1.0" })
class FanOutTracingTests {

	static final FakeDaemon daemon = new FakeDaemon();

	static final LoopbackHttpServer downstream = new LoopbackHttpServer();

	@DynamicPropertySource
	static void daemonAddress(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
	}

	@AfterAll
	static void close() {
		daemon.close();
		downstream.close();
	}

	@LocalServerPort
	int port;

	@Test
	void oneTraceWithEverySubsegmentUnderTheRightParent(@Autowired ThreadContextTracker tracker) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/fanout")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("async,supply,web");

		RecordedTraces trace = RecordedTraces.of(daemon.receiveDocuments(Duration.ofSeconds(10)));
		Set<String> traceIds = trace.traceIds();
		assertThat(traceIds).hasSize(1);
		RecordedEntity segment = trace.roots().get(0);
		assertThat(segment.json().path("name").asString()).isEqualTo("fanout");
		assertThat(segment.json().path("http").path("request").path("url").asString()).endsWith("/fanout");

		RecordedEntity asyncWork = trace.named("async-work");
		RecordedEntity supplyWork = trace.named("supply-work");
		assertThat(asyncWork.parentId()).isEqualTo(segment.id());
		assertThat(supplyWork.parentId()).isEqualTo(segment.id());
		assertThat(remoteCall(trace, "/async").parentId()).isEqualTo(asyncWork.id());
		assertThat(remoteCall(trace, "/supply").parentId()).isEqualTo(supplyWork.id());
		assertThat(remoteCall(trace, "/web1").parentId()).isEqualTo(segment.id());
		assertThat(remoteCall(trace, "/web2").parentId()).isEqualTo(segment.id());

		Set<String> remoteIds = new HashSet<>();
		for (String path : List.of("/async", "/supply", "/web1", "/web2")) {
			remoteIds.add(remoteCall(trace, path).id());
		}
		Set<String> receivedParents = new HashSet<>();
		for (int i = 0; i < 4; i++) {
			TraceHeader header = TraceHeader.parse(downstream.takeHeader());
			assertThat(header.rootTraceId()).isEqualTo(traceIds.iterator().next());
			receivedParents.add(header.parentId());
		}
		assertThat(receivedParents).isEqualTo(remoteIds);

		// the tracker saw pooled threads take the context, and every thread has let go of
		// it since
		assertThat(tracker.threadsSeen()).anyMatch((name) -> name.startsWith("task-"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(tracker.threadsHoldingContext()).isEmpty());
	}

	private static RecordedEntity remoteCall(RecordedTraces trace, String path) {
		List<RecordedEntity> found = trace.entities()
			.stream()
			.filter((node) -> node.json().path("namespace").asString("").equals("remote"))
			.filter((node) -> node.json().path("http").path("request").path("url").asString().endsWith(path))
			.toList();
		assertThat(found).as("remote calls of %s", path).hasSize(1);
		assertThat(found.get(0).json().path("name").asString()).isEqualTo("127.0.0.1");
		assertThat(found.get(0).json().path("http").path("response").path("status").asInt()).isEqualTo(200);
		return found.get(0);
	}

	/**
	 * Remembers, per thread, whether the thread's last context change left an entity
	 * current.
	 */
	static final class ThreadContextTracker implements ContextListener {

		private final Map<Thread, Boolean> holding = new ConcurrentHashMap<>();

		@Override
		public void contextChanged(Entity current) {
			this.holding.put(Thread.currentThread(), current != null);
		}

		Set<String> threadsSeen() {
			Set<String> names = new HashSet<>();
			this.holding.keySet().forEach((thread) -> names.add(thread.getName()));
			return names;
		}

		Set<String> threadsHoldingContext() {
			Set<String> names = new HashSet<>();
			this.holding.forEach((thread, held) -> {
				if (held) {
					names.add(thread.getName());
				}
			});
			return names;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	static class FanOutApplication {

		@Bean
		ThreadContextTracker threadContextTracker() {
			return new ThreadContextTracker();
		}

		@Bean(destroyMethod = "")
		XRayRecorder xrayRecorder(Emitter emitter, SamplingStrategy samplingStrategy, ThreadContextTracker tracker) {
			return XRayRecorder.builder()
				.emitter(emitter)
				.samplingStrategy(samplingStrategy)
				.contextListener(tracker)
				.build();
		}

		@Bean
		AsyncWorker asyncWorker(XRayRecorder recorder, RestClient.Builder restClientBuilder) {
			return new AsyncWorker(recorder, restClientBuilder.build());
		}

		@Bean
		FanOutController fanOutController(XRayRecorder recorder, AsyncWorker worker,
				RestTemplateBuilder restTemplateBuilder, WebClient.Builder webClientBuilder,
				@Qualifier("applicationTaskExecutor") ThreadPoolTaskExecutor executor) {
			return new FanOutController(recorder, worker, restTemplateBuilder.build(), webClientBuilder.build(),
					executor);
		}

	}

	static class AsyncWorker {

		private final XRayRecorder recorder;

		private final RestClient restClient;

		AsyncWorker(XRayRecorder recorder, RestClient restClient) {
			this.recorder = recorder;
			this.restClient = restClient;
		}

		@Async
		public Future<String> work() {
			String body = this.recorder.inSubsegment("async-work",
					() -> this.restClient.get().uri(downstream.url() + "/async").retrieve().body(String.class));
			return CompletableFuture.completedFuture((body != null) ? "async" : "none");
		}

	}

	@RestController
	static class FanOutController {

		private final XRayRecorder recorder;

		private final AsyncWorker worker;

		private final RestTemplate restTemplate;

		private final WebClient webClient;

		private final ThreadPoolTaskExecutor executor;

		FanOutController(XRayRecorder recorder, AsyncWorker worker, RestTemplate restTemplate, WebClient webClient,
				ThreadPoolTaskExecutor executor) {
			this.recorder = recorder;
			this.worker = worker;
			this.restTemplate = restTemplate;
			this.webClient = webClient;
			this.executor = executor;
		}

		@GetMapping("/fanout")
		String fanOut() throws Exception {
			Future<String> async = this.worker.work();
			CompletableFuture<String> supply = CompletableFuture.supplyAsync(
					() -> this.recorder.inSubsegment("supply-work",
							() -> this.restTemplate.getForObject(downstream.url() + "/supply", String.class)),
					this.executor)
				.thenApply((body) -> "supply");
			String web = this.webClient.get()
				.uri(downstream.url() + "/web1")
				.retrieve()
				.bodyToMono(String.class)
				.flatMap((body) -> this.webClient.get()
					.uri(downstream.url() + "/web2")
					.retrieve()
					.bodyToMono(String.class))
				.map((body) -> "web")
				.block();
			return async.get() + "," + supply.get() + "," + web;
		}

	}

}
