package org.xrayspring.autoconfigure.webflux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.autoconfigure.awssdk.LocalAwsEndpoint;
import org.xrayspring.autoconfigure.httpclient.LoopbackHttpServer;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * A reactive Boot application on the real Netty server, on a random loopback port, with
 * the starter's auto-configuration and real HTTP requests; the documents are recorded in
 * memory and every one is validated against AWS's schema.
 */
@SpringBootTest(classes = WebFluxTracingIntegrationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "spring.application.name=orders-service",
				"server.address=127.0.0.1", "xray.aws.environment=none", "xray.http.excluded-paths=/internal/**" })
@AutoConfigureXRayTest
class WebFluxTracingIntegrationTests {

	private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

	private static final String PARENT = "53995c3f42cd8ad8";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

	private static LocalAwsEndpoint aws;

	private static LoopbackHttpServer downstream;

	private static final CountDownLatch slowRequestArrived = new CountDownLatch(1);

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	@Autowired
	private InMemoryEmitter emitter;

	@Autowired
	private XRayRecorder recorder;

	@BeforeAll
	static void startStubs() throws IOException {
		aws = LocalAwsEndpoint.start();
		downstream = new LoopbackHttpServer();
	}

	@AfterAll
	static void stopStubs() {
		aws.close();
		downstream.close();
	}

	@DynamicPropertySource
	static void stubs(DynamicPropertyRegistry registry) {
		registry.add("test.aws-endpoint", () -> aws.uri().toString());
		registry.add("test.downstream", () -> downstream.url());
	}

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(WAIT)
			.header("User-Agent", "integration-test");
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private RecordedTraces awaitSegments(int count) {
		this.emitter.awaitDocuments(count, WAIT);
		return this.emitter.traces();
	}

	private RecordedEntity onlySegment() {
		RecordedTraces traces = awaitSegments(1);
		assertThat(traces.segments()).hasSize(1);
		return traces.segments().get(0);
	}

	@Test
	void recordsOneSegmentPerRequestWithTheServletFiltersFields() throws Exception {
		HttpResponse<String> response = get("/hello?secret=1");
		assertThat(response.statusCode()).isEqualTo(200);
		RecordedEntity segment = onlySegment();
		assertThat(segment, this.emitter.traces()).hasName("orders-service")
			.hasHttpMethod("GET")
			.hasHttpUrl("http://127.0.0.1:" + this.port + "/hello")
			.hasHttpRequest("user_agent", "integration-test")
			.hasHttpRequest("client_ip", "127.0.0.1")
			.hasHttpStatus(200)
			.hasHttpResponse("content_length", 5)
			.isNotFault()
			.isNotError();
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).hasValue("Root=" + segment.traceId());
		assertThat(segment.json().path("http").path("request").has("x_forwarded_for")).isFalse();
		assertThat(this.recorder.getCurrentEntity()).isNull();
	}

	@Test
	void joinsTheCallersTraceAndAnswersTheSamplingDecisionItAskedFor() throws Exception {
		HttpResponse<String> response = get("/hello", "X-Amzn-Trace-Id",
				"Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=?", "X-Forwarded-For", "203.0.113.7, 10.0.0.1");
		RecordedEntity segment = onlySegment();
		assertThat(segment, this.emitter.traces()).hasTraceId(ROOT)
			.hasParentId(PARENT)
			.hasHttpRequest("client_ip", "203.0.113.7")
			.hasHttpRequest("x_forwarded_for", true);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).hasValue("Root=" + ROOT + ";Sampled=1");
	}

	@Test
	void honoursAnUpstreamDecisionNotToSample() throws Exception {
		HttpResponse<String> response = get("/hello", "X-Amzn-Trace-Id",
				"Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-Amzn-Trace-Id")).hasValue("Root=" + ROOT);
		// a sampled request after it is the only document
		get("/hello");
		RecordedTraces traces = awaitSegments(1);
		assertThat(traces.traceIds()).hasSize(1).doesNotContain(ROOT);
	}

	@Test
	void leavesExcludedPathsUntraced() throws Exception {
		HttpResponse<String> excluded = get("/internal/ping", "X-Amzn-Trace-Id", "Root=" + ROOT + ";Sampled=1");
		assertThat(excluded.body()).isEqualTo("pong:untraced");
		assertThat(excluded.headers().firstValue("X-Amzn-Trace-Id")).isEmpty();
		HttpResponse<String> sneaky = get("/internal;x=1/ping");
		assertThat(sneaky.headers().firstValue("X-Amzn-Trace-Id")).isEmpty();
		get("/hello");
		assertThat(awaitSegments(1).segments()).singleElement()
			.satisfies((segment) -> assertThat(segment.json().path("http").path("request").path("url").asString())
				.endsWith("/hello"));
	}

	@Test
	void anErrorSignalIsAFaultWithItsCause() throws Exception {
		assertThat(get("/boom").statusCode()).isEqualTo(500);
		assertThat(onlySegment(), this.emitter.traces()).hasHttpStatus(500)
			.isFault()
			.isNotError()
			.hasException(IllegalStateException.class);
		assertNothingIsCurrentOnTheServersEventLoops();
	}

	@Test
	void anExplicitServerErrorStatusIsAFault() throws Exception {
		assertThat(get("/status/503").statusCode()).isEqualTo(503);
		assertThat(onlySegment(), this.emitter.traces()).hasHttpStatus(503).isFault().isNotError();
	}

	@Test
	void tooManyRequestsIsAThrottle() throws Exception {
		assertThat(get("/throttled").statusCode()).isEqualTo(429);
		assertThat(onlySegment(), this.emitter.traces()).hasHttpStatus(429)
			.isError()
			.isThrottle()
			.isNotFault()
			.hasException(ResponseStatusException.class);
	}

	@Test
	void aClientErrorIsAnError() throws Exception {
		assertThat(get("/status/404").statusCode()).isEqualTo(404);
		assertThat(onlySegment(), this.emitter.traces()).hasHttpStatus(404).isError().isNotThrottle().isNotFault();
	}

	@Test
	void callsInThePipelineOnOtherThreadsNestUnderTheSegment() throws Exception {
		HttpResponse<String> response = get("/nested");
		assertThat(response.body()).isEqualTo("nested:" + LoopbackHttpServer.BODY_LENGTH + ":Nature");
		RecordedTraces traces = awaitSegments(1);
		RecordedEntity segment = traces.segments().get(0);
		assertThat(traces.children(segment)).extracting(RecordedEntity::name)
			.containsExactlyInAnyOrder("CapturedWork.compute", "127.0.0.1", "DynamoDB");
		RecordedEntity call = traces.named("127.0.0.1");
		assertThat(call, traces).isChildOf(segment).hasNamespace("remote").hasHttpStatus(200);
		assertThat(downstream.takeHeader())
			.isEqualTo("Root=" + segment.traceId() + ";Parent=" + call.id() + ";Sampled=1");
		assertThat(traces.named("DynamoDB"), traces).isChildOf(segment).hasAws("operation", "GetItem");
		assertThat(traces.named("CapturedWork.compute").json().path("metadata").path("test").path("thread").asString())
			.startsWith("boundedElastic");
		assertNothingIsCurrentOnTheServersEventLoops();
	}

	@Test
	void aHundredConcurrentRequestsAreEachEmittedOnceWithTheirOwnChildren() throws Exception {
		int requests = 100;
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/nested"))
				.timeout(Duration.ofSeconds(60))
				.build();
			responses.add(this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
		}
		Set<String> headerRoots = new HashSet<>();
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			HttpResponse<String> done = response.get(60, TimeUnit.SECONDS);
			assertThat(done.statusCode()).isEqualTo(200);
			headerRoots.add(done.headers().firstValue("X-Amzn-Trace-Id").orElseThrow());
		}
		this.emitter.awaitDocuments(requests, Duration.ofSeconds(60));
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments()).hasSize(requests);
		assertThat(traces.traceIds()).hasSize(requests);
		assertThat(headerRoots).hasSize(requests)
			.isEqualTo(
					traces.traceIds().stream().map((id) -> "Root=" + id).collect(java.util.stream.Collectors.toSet()));
		for (RecordedEntity segment : traces.segments()) {
			assertThat(traces.children(segment)).extracting(RecordedEntity::name)
				.containsExactlyInAnyOrder("CapturedWork.compute", "127.0.0.1", "DynamoDB");
			assertThat(traces.children(segment))
				.allSatisfy((child) -> assertThat(child.traceId()).isEqualTo(segment.traceId()));
		}
		assertThat(traces.subsegments()).hasSize(3 * requests);
		assertNothingIsCurrentOnTheServersEventLoops();
		for (int i = 0; i < requests; i++) {
			downstream.takeHeader();
		}
	}

	private void assertNothingIsCurrentOnTheServersEventLoops() throws Exception {
		EventLoopGroup loops = HttpResources.get().onServer(false);
		List<Map.Entry<String, Entity>> leftovers = new ArrayList<>();
		int checked = 0;
		for (EventExecutor loop : loops) {
			Map.Entry<String, Entity> seen = loop
				.submit(() -> Map.entry(Thread.currentThread().getName(),
						java.util.Optional.ofNullable(this.recorder.getCurrentEntity())))
				.get(10, TimeUnit.SECONDS)
				.getValue()
				.map((entity) -> Map.entry(Thread.currentThread().getName(), entity))
				.orElse(null);
			checked++;
			if (seen != null) {
				leftovers.add(seen);
			}
		}
		assertThat(checked).isPositive();
		assertThat(leftovers).isEmpty();
	}

	@Test
	void aRequestTheClientAbandonsIsEndedOnce() throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /slow HTTP/1.1\r\nHost: 127.0.0.1:" + this.port + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(slowRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();
		}
		RecordedEntity abandoned = onlySegment();
		assertThat(abandoned, this.emitter.traces()).hasMetadata("http", "cancelled", true);
		// a request after it: still one document of the abandoned trace
		get("/hello");
		RecordedTraces traces = awaitSegments(2);
		assertThat(traces.segments()).hasSize(2);
		assertThat(traces.trace(abandoned.traceId()).entities()).hasSize(1);
		assertNothingIsCurrentOnTheServersEventLoops();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		CapturedWork capturedWork(XRayRecorder recorder) {
			return new CapturedWork(recorder);
		}

		@Bean
		DynamoDbAsyncClient dynamoDb(org.springframework.core.env.Environment environment) {
			return DynamoDbAsyncClient.builder()
				.endpointOverride(URI.create(environment.getRequiredProperty("test.aws-endpoint")))
				.region(Region.US_EAST_1)
				.credentialsProvider(CREDENTIALS)
				.httpClient(NettyNioAsyncHttpClient.create())
				.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
				.build();
		}

		@Bean
		Endpoints endpoints(WebClient.Builder webClient, CapturedWork work, DynamoDbAsyncClient dynamoDb,
				XRayRecorder recorder, org.springframework.core.env.Environment environment) {
			return new Endpoints(webClient.baseUrl(environment.getRequiredProperty("test.downstream")).build(), work,
					dynamoDb, recorder);
		}

	}

	static class CapturedWork {

		private final XRayRecorder recorder;

		CapturedWork(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@XRayCapture
		public String compute(String value) {
			this.recorder.putMetadata("test", "thread", Thread.currentThread().getName());
			return value;
		}

	}

	@RestController
	static class Endpoints {

		private final WebClient webClient;

		private final CapturedWork work;

		private final DynamoDbAsyncClient dynamoDb;

		private final XRayRecorder recorder;

		Endpoints(WebClient webClient, CapturedWork work, DynamoDbAsyncClient dynamoDb, XRayRecorder recorder) {
			this.webClient = webClient;
			this.work = work;
			this.dynamoDb = dynamoDb;
			this.recorder = recorder;
		}

		@GetMapping("/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		@GetMapping("/internal/ping")
		Mono<String> ping() {
			return Mono
				.fromSupplier(() -> "pong:" + ((this.recorder.getCurrentEntity() != null) ? "traced" : "untraced"));
		}

		@GetMapping("/boom")
		Mono<String> boom() {
			return Mono.error(new IllegalStateException("boom"));
		}

		@GetMapping("/status/{code}")
		Mono<ResponseEntity<String>> status(@PathVariable int code) {
			return Mono.just(ResponseEntity.status(code).body("status"));
		}

		@GetMapping("/throttled")
		Mono<String> throttled() {
			return Mono.error(new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "slow down"));
		}

		@GetMapping("/slow")
		Mono<String> slow() {
			return Mono.<String>never().doOnSubscribe((subscription) -> slowRequestArrived.countDown());
		}

		@GetMapping("/nested")
		Mono<String> nested() {
			return Mono.just("nested")
				.publishOn(Schedulers.boundedElastic())
				.map(this.work::compute)
				.flatMap((value) -> this.webClient.get()
					.uri("/status/200")
					.retrieve()
					.bodyToMono(String.class)
					.map((body) -> value + ":" + body.length()))
				.flatMap((value) -> Mono
					.fromFuture(() -> this.dynamoDb.getItem(
							(request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("42")))))
					.map((item) -> value + ":" + item.item().get("name").s()));
		}

	}

}
