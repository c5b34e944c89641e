package org.xrayspring.autoconfigure.httpclient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import org.xrayspring.autoconfigure.async.EntityContextKey;
import org.xrayspring.autoconfigure.testing.RecordingContextListener;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Real calls of RestTemplate, RestClient and WebClient to an HTTP server on loopback,
 * traced by {@link XRayClientHttpRequestInterceptor} and
 * {@link XRayExchangeFilterFunction}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpClientTracingTests {

	private final LoopbackHttpServer server = new LoopbackHttpServer();

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	private final XRayRecorder recorder = XRayRecorder.builder()
		.emitter(this.emitter)
		.samplingStrategy(SamplingStrategy.always())
		.build();

	@AfterEach
	void close() {
		this.recorder.clearContext();
		this.server.close();
	}

	static Stream<Arguments> clientsAndStatuses() {
		return Stream.of(Client.values())
			.flatMap((client) -> Stream.of(200, 404, 429, 500).map((status) -> Arguments.of(client, status)));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("clientsAndStatuses")
	void recordsCallAsRemoteSubsegmentAndPropagatesHeader(Client client, int status) {
		Segment segment = this.recorder.beginSegment("caller");
		client.get(this.recorder, this.server.url() + "/status/" + status + "?token=secret#part");
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		this.recorder.endSegment();

		JsonNode document = singleDocument();
		assertThat(document.path("id").asString()).isEqualTo(segment.getId());
		JsonNode call = onlySubsegment(document);
		assertThat(call.path("name").asString()).isEqualTo("127.0.0.1");
		assertThat(call.path("namespace").asString()).isEqualTo("remote");
		assertThat(call.path("http").path("request").path("method").asString()).isEqualTo("GET");
		assertThat(call.path("http").path("request").path("url").asString())
			.isEqualTo(this.server.url() + "/status/" + status);
		assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(status);
		assertThat(call.path("http").path("response").path("content_length").asLong())
			.isEqualTo(LoopbackHttpServer.BODY_LENGTH);
		assertThat(call.path("error").asBoolean(false)).isEqualTo(status / 100 == 4);
		assertThat(call.path("throttle").asBoolean(false)).isEqualTo(status == 429);
		assertThat(call.path("fault").asBoolean(false)).isEqualTo(status == 500);
		assertThat(call.has("cause")).isFalse();

		TraceHeader received = TraceHeader.parse(this.server.takeHeader());
		assertThat(received.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(received.parentId()).isEqualTo(call.path("id").asString());
		assertThat(received.sampled()).isEqualTo(SampleDecision.SAMPLED);
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void nestsUnderCurrentSubsegment(Client client) {
		Segment segment = this.recorder.beginSegment("caller");
		Subsegment outer = this.recorder.beginSubsegment("outer");
		client.get(this.recorder, this.server.url() + "/status/200");
		assertThat(this.recorder.getCurrentEntity()).isSameAs(outer);
		outer.end();
		this.recorder.endSegment();

		JsonNode outerNode = onlySubsegment(singleDocument());
		assertThat(outerNode.path("id").asString()).isEqualTo(outer.getId());
		JsonNode call = onlySubsegment(outerNode);
		assertThat(call.path("name").asString()).isEqualTo("127.0.0.1");
		TraceHeader received = TraceHeader.parse(this.server.takeHeader());
		assertThat(received.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(received.parentId()).isEqualTo(call.path("id").asString());
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void connectionRefusedIsRecordedAsRemoteCauseAndRethrown(Client client) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		Segment segment = this.recorder.beginSegment("caller");
		assertThatException().isThrownBy(() -> client.get(this.recorder, "http://127.0.0.1:" + port + "/x"));
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		this.recorder.endSegment();

		JsonNode call = onlySubsegment(singleDocument());
		assertThat(call.path("name").asString()).isEqualTo("127.0.0.1");
		assertThat(call.path("fault").asBoolean(false)).isTrue();
		assertThat(call.path("http").path("request").path("url").asString())
			.isEqualTo("http://127.0.0.1:" + port + "/x");
		assertThat(call.path("http").has("response")).isFalse();
		JsonNode exceptions = call.path("cause").path("exceptions");
		assertThat(exceptions.size()).isPositive();
		assertThat(exceptions.get(0).path("remote").asBoolean(false)).isTrue();
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void unsampledTraceStillPropagatesHeader(Client client) {
		XRayRecorder unsampled = unsampledRecorder();
		Segment segment = unsampled.beginSegment("caller");
		client.get(unsampled, this.server.url() + "/status/200");
		unsampled.endSegment();

		assertThat(this.emitter.documents()).isEmpty();
		TraceHeader received = TraceHeader.parse(this.server.takeHeader());
		assertThat(received.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(received.parentId()).matches("[0-9a-f]{16}").isNotEqualTo(segment.getId());
		assertThat(received.sampled()).isEqualTo(SampleDecision.NOT_SAMPLED);
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void outsideTraceRecordsAndPropagatesNothingAndLogsNothing(Client client, CapturedOutput output) {
		client.get(this.recorder, this.server.url() + "/status/200");

		assertThat(this.server.takeHeader()).isEqualTo(LoopbackHttpServer.NO_HEADER);
		assertThat(this.recorder.getCurrentEntity()).isNull();
		assertThat(this.emitter.documents()).isEmpty();
		assertThat(this.recorder.counters()).containsEntry("context.missing", 0L);
		assertThat(output).doesNotContain("X-Ray");
	}

	@Test
	void webClientTakesParentFromReactorContextOnThreadWithoutContext() {
		Segment segment = this.recorder.beginSegment("caller");
		this.recorder.clearContext();
		WebClient webClient = WebClient.builder().filter(new XRayExchangeFilterFunction(this.recorder)).build();
		Mono<Void> call = webClient.get()
			.uri(this.server.url() + "/status/200")
			.exchangeToMono((response) -> response.releaseBody())
			.contextWrite(Context.of(EntityContextKey.of(this.recorder), segment));
		CompletableFuture.runAsync(call::block).join();
		segment.end();

		JsonNode call1 = onlySubsegment(singleDocument());
		TraceHeader received = TraceHeader.parse(this.server.takeHeader());
		assertThat(received.parentId()).isEqualTo(call1.path("id").asString());
		assertThat(received.rootTraceId()).isEqualTo(segment.getTraceId());
	}

	@Test
	void webClientCallLeavesEveryThreadsContextAndTheMdcAlone() {
		RecordingContextListener contexts = new RecordingContextListener();
		XRayRecorder listening = XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(SamplingStrategy.always())
			.contextListener(contexts)
			.build();
		Segment segment = listening.beginSegment("caller");
		contexts.clear();
		Client.WEB_CLIENT.get(listening, this.server.url() + "/status/200");
		// the changes this recorder's listener saw, not the MDC itself: Reactor's
		// automatic context propagation,
		// switched on globally by other tests, restores thread locals of other recorders
		// around block()
		assertThat(contexts.changes()).as("no thread's context changed").isEmpty();
		assertThat(listening.getCurrentEntity()).isSameAs(segment);
		listening.endSegment();
		assertThat(onlySubsegment(singleDocument()).path("name").asString()).isEqualTo("127.0.0.1");
	}

	@Test
	void restTemplateAndRestClientInterceptorIsNotAddedTwice() {
		XRayClientHttpRequestInterceptor interceptor = new XRayClientHttpRequestInterceptor(this.recorder);
		RestTemplate restTemplate = new RestTemplate();
		XRayHttpClientAutoConfiguration.addTo(restTemplate, interceptor);
		XRayHttpClientAutoConfiguration.addTo(restTemplate, new XRayClientHttpRequestInterceptor(this.recorder));
		assertThat(restTemplate.getInterceptors()).containsExactly(interceptor);
		RestClient restClient = RestClient.builder().requestInterceptor(interceptor).build();
		assertThat(XRayHttpClientAutoConfiguration.tracedCopy(restClient, interceptor)).isSameAs(restClient);
	}

	private XRayRecorder unsampledRecorder() {
		return XRayRecorder.builder().emitter(this.emitter).samplingStrategy(SamplingStrategy.never()).build();
	}

	private JsonNode singleDocument() {
		List<String> documents = this.emitter.documents();
		assertThat(documents).hasSize(1);
		return XRayDocuments.assertValidDocument(documents.get(0));
	}

	private static JsonNode onlySubsegment(JsonNode parent) {
		JsonNode subsegments = parent.path("subsegments");
		assertThat(subsegments.size()).as("subsegments of %s", parent.path("name")).isOne();
		return subsegments.get(0);
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void sendsTraceparentAndTheReceivedTracestate(Client client) {
		W3CTraceContext incoming = W3CTraceContext.parse("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
				"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
		Segment segment = this.recorder.beginSegment("caller", incoming.joinTo(TraceHeader.empty()),
				new SamplingRequest(null, null, null, "caller"));
		segment.setTraceState(incoming.traceState());
		client.get(this.recorder, this.server.url() + "/status/200");
		this.recorder.endSegment();

		String callId = onlySubsegment(singleDocument()).path("id").asString();
		assertThat(this.server.takeW3CHeaders()).containsExactly(
				"00-5759e988bd862e3fe1be46a994272793-" + callId + "-01", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
		assertThat(TraceHeader.parse(this.server.takeHeader()).parentId()).isEqualTo(callId);
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void sendsTraceparentWithoutTracestateAndUnsampledFlag(Client client) {
		XRayRecorder unsampled = unsampledRecorder();
		Segment segment = unsampled.beginSegment("caller");
		client.get(unsampled, this.server.url() + "/status/200");
		unsampled.endSegment();

		List<String> w3c = this.server.takeW3CHeaders();
		TraceHeader amazon = TraceHeader.parse(this.server.takeHeader());
		assertThat(w3c.get(0))
			.isEqualTo(W3CTraceContext.formatTraceparent(segment.getTraceId(), amazon.parentId(), false));
		assertThat(w3c.get(0)).endsWith("-00");
		assertThat(w3c.get(1)).isEqualTo(LoopbackHttpServer.NO_HEADER);
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void sendsNoW3CHeadersWhenSwitchedOff(Client client) {
		Segment segment = this.recorder.beginSegment("caller");
		segment.setTraceState("rojo=1");
		client.get(this.recorder, this.server.url() + "/status/200", false);
		this.recorder.endSegment();

		assertThat(this.server.takeW3CHeaders()).containsExactly(LoopbackHttpServer.NO_HEADER,
				LoopbackHttpServer.NO_HEADER);
		assertThat(TraceHeader.parse(this.server.takeHeader()).rootTraceId()).isEqualTo(segment.getTraceId());
	}

	enum Client {

		REST_TEMPLATE {
			@Override
			void get(XRayRecorder recorder, String url, boolean w3c) {
				RestTemplate restTemplate = new RestTemplate(new SimpleClientHttpRequestFactory());
				restTemplate.setInterceptors(List.of(new XRayClientHttpRequestInterceptor(recorder, w3c)));
				restTemplate.setErrorHandler((response) -> false);
				restTemplate.getForEntity(url, String.class);
			}
		},

		REST_CLIENT {
			@Override
			void get(XRayRecorder recorder, String url, boolean w3c) {
				RestClient.builder()
					.requestInterceptor(new XRayClientHttpRequestInterceptor(recorder, w3c))
					.build()
					.get()
					.uri(url)
					.retrieve()
					.onStatus((status) -> true, (request, response) -> {
					})
					.toBodilessEntity();
			}
		},

		WEB_CLIENT {
			@Override
			void get(XRayRecorder recorder, String url, boolean w3c) {
				WebClient.builder()
					.filter(new XRayExchangeFilterFunction(recorder, w3c))
					.build()
					.get()
					.uri(url)
					.exchangeToMono((response) -> response.releaseBody())
					.block();
			}
		};

		void get(XRayRecorder recorder, String url) {
			get(recorder, url, true);
		}

		abstract void get(XRayRecorder recorder, String url, boolean w3c);

	}

}
