package org.xrayspring.autoconfigure.w3c;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import com.sun.net.httpserver.Headers;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * A service instrumented with the OpenTelemetry Java SDK calls ours (a Boot servlet
 * application on a random port with a real UDP daemon) and ours calls it back through
 * {@code RestClient}: both sides must see one trace with the right parents, as the spans
 * OpenTelemetry exported and the documents ours emitted show. Then a table of malformed
 * and conflicting headers sent to ours.
 */
@SpringBootTest(classes = W3CTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders-service", "xray.sampling.rate=1" })
class OpenTelemetryInteropIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

	private static final TextMapPropagator XRAY = AwsXrayPropagator.getInstance();

	private static final FakeDaemon daemon = new FakeDaemon();

	private static final OpenTelemetryService otel = new OpenTelemetryService(W3C);

	private static final Random random = new Random(13);

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void addresses(DynamicPropertyRegistry registry) {
		registry.add("xray.daemon-address", daemon::address);
		registry.add("otel.callback-url", otel::callbackUrl);
	}

	@AfterAll
	static void close() {
		daemon.close();
		otel.close();
	}

	static Stream<Arguments> propagators() {
		return Stream.of(arguments("traceparent", W3C, true), arguments("X-Amzn-Trace-Id", XRAY, false),
				arguments("both", TextMapPropagator.composite(W3C, XRAY), true));
	}

	@ParameterizedTest(name = "OpenTelemetry sends {0}")
	@MethodSource("propagators")
	void oneTraceAcrossOpenTelemetryAndOurs(String sent, TextMapPropagator propagator, boolean carriesTracestate)
			throws Exception {
		String traceId = newTraceId();
		String xrayTraceId = "1-" + traceId.substring(0, 8) + "-" + traceId.substring(8);
		SpanContext upstream = OpenTelemetryService.upstream(traceId, Map.of("rojo", "00f067aa0ba902b7"));

		HttpResponse<String> response = otel.call(ours(), propagator, upstream);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("called back");
		assertThat(response.headers().firstValue(TraceHeader.HEADER_NAME)).contains("Root=" + xrayTraceId);
		assertThat(response.headers().firstValue(W3CTraceContext.TRACEPARENT_HEADER)).isEmpty();

		Headers callback = otel.takeCallbackHeaders();
		List<SpanData> spans = otel.takeSpans();
		SpanData clientSpan = span(spans, "GET ours", SpanKind.CLIENT);
		SpanData callbackSpan = span(spans, "otel callback", SpanKind.SERVER);
		assertThat(spans).extracting(SpanData::getTraceId).containsOnly(traceId);

		// ours joined the OpenTelemetry trace under the client span
		JsonNode segment = nextDocument();
		assertThat(segment.path("trace_id").asString()).isEqualTo(xrayTraceId);
		assertThat(segment.path("parent_id").asString()).isEqualTo(clientSpan.getSpanId());
		assertThat(segment.path("name").asString()).isEqualTo("orders-service");
		assertThat(segment.toString()).doesNotContain("rojo");
		JsonNode call = segment.path("subsegments").get(0);
		assertThat(call.path("namespace").asString()).isEqualTo("remote");
		assertThat(call.path("http").path("request").path("url").asString()).isEqualTo(otel.callbackUrl());
		// the MDC's traceId is the OpenTelemetry trace id, so logs of both services join
		// on it
		assertThat(W3CTestApplication.mdcTraceId.get()).isEqualTo(traceId);

		// OpenTelemetry's server span is a child of our call's subsegment, in the same
		// trace
		assertThat(callbackSpan.getParentSpanId()).isEqualTo(call.path("id").asString());
		assertThat(callbackSpan.getParentSpanContext().isRemote()).isTrue();
		assertThat(callbackSpan.getSpanContext().isSampled()).isTrue();
		assertThat(callbackSpan.getSpanContext().getTraceState().get("rojo"))
			.isEqualTo(carriesTracestate ? "00f067aa0ba902b7" : null);

		// both headers ours sent name the same context. (The contrib X-Ray propagator
		// 1.52.0-alpha cannot extract
		// against API 1.68: it calls StringUtils.padLeft, which the API no longer has; it
		// only injects here.)
		SpanContext byW3C = OpenTelemetryService.extract(callback, W3C);
		TraceHeader byXRay = TraceHeader.parse(OpenTelemetryService.header(callback, TraceHeader.HEADER_NAME));
		assertThat(byW3C.getTraceId()).isEqualTo(traceId);
		assertThat(byW3C.getSpanId()).isEqualTo(call.path("id").asString());
		assertThat(byW3C.isSampled()).isTrue();
		assertThat(byXRay.rootTraceId()).isEqualTo(xrayTraceId);
		assertThat(byXRay.parentId()).isEqualTo(byW3C.getSpanId());
		assertThat(byXRay.sampled()).isEqualTo(SampleDecision.SAMPLED);
	}

	/**
	 * case; traceparent; tracestate; X-Amzn-Trace-Id; which trace ours joins; tracestate
	 * passed on.
	 */
	static Stream<Arguments> headers() {
		String t = "4bf92f3577b34da6a3ce929d0e0e4736";
		String s = "00f067aa0ba902b7";
		String valid = "00-" + t + "-" + s + "-01";
		String otherRoot = "1-5759e988-bd862e3fe1be46a994272793";
		String otherParent = "53995c3f42cd8ad8";
		StringBuilder huge = new StringBuilder();
		for (int i = 0; i < 40; i++) {
			huge.append((i > 0) ? "," : "").append("vendor").append(i).append('=').append("v".repeat(90));
		}
		return Stream.of(arguments("valid", valid, "rojo=1", null, Joins.W3C, "rojo=1"),
				arguments("valid, several tracestate members", valid, "rojo=1, congo=t61rcWkgMzE", null, Joins.W3C,
						"rojo=1, congo=t61rcWkgMzE"),
				arguments("bad version ff", "ff-" + t + "-" + s + "-01", "rojo=1", null, Joins.NEW, null),
				arguments("future version with extra fields", "cc-" + t + "-" + s + "-01-future", "rojo=1", null,
						Joins.W3C, "rojo=1"),
				arguments("all-zero trace id", "00-" + "0".repeat(32) + "-" + s + "-01", "rojo=1", null, Joins.NEW,
						null),
				arguments("all-zero span id", "00-" + t + "-" + "0".repeat(16) + "-01", "rojo=1", null, Joins.NEW,
						null),
				arguments("trace id too short", "00-" + t.substring(2) + "-" + s + "-01", null, null, Joins.NEW, null),
				arguments("span id too long", "00-" + t + "-" + s + "ab-01", null, null, Joins.NEW, null),
				arguments("flags too short", "00-" + t + "-" + s + "-1", null, null, Joins.NEW, null),
				arguments("upper-case hex", "00-" + t.toUpperCase() + "-" + s + "-01", "rojo=1", null, Joins.NEW, null),
				arguments("extra fields on version 00", valid + "-extra", "rojo=1", null, Joins.NEW, null),
				arguments("not a traceparent", "hello", "rojo=1", null, Joins.NEW, null),
				arguments("huge tracestate", valid, huge.toString(), null, Joins.W3C, null),
				arguments("malformed tracestate", valid, "Rojo=1,=x", null, Joins.W3C, null),
				arguments("invalid Root, valid traceparent", valid, "rojo=1", "Root=1-bogus;Parent=" + otherParent,
						Joins.W3C, "rojo=1"),
				arguments("both valid and disagreeing", valid, "rojo=1",
						"Root=" + otherRoot + ";Parent=" + otherParent + ";Sampled=1", Joins.AMAZON, null),
				arguments("both valid and agreeing", valid, "rojo=1",
						"Root=1-" + t.substring(0, 8) + "-" + t.substring(8) + ";Parent=" + otherParent + ";Sampled=1",
						Joins.AMAZON, "rojo=1"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("headers")
	void malformedAndConflictingHeaders(String name, String traceparent, String tracestate, String amazon, Joins joins,
			String passedOn) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(ours()).header("traceparent", traceparent);
		if (tracestate != null) {
			request.header("tracestate", tracestate);
		}
		if (amazon != null) {
			request.header(TraceHeader.HEADER_NAME, amazon);
		}
		HttpResponse<String> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("called back");

		JsonNode segment = nextDocument();
		String traceId = segment.path("trace_id").asString();
		W3CTraceContext sent = W3CTraceContext.parse(traceparent, null);
		TraceHeader amazonHeader = TraceHeader.parse(amazon);
		switch (joins) {
			case W3C -> {
				assertThat(traceId).isEqualTo(sent.traceId());
				assertThat(segment.path("parent_id").asString()).isEqualTo(sent.parentId());
			}
			case AMAZON -> {
				assertThat(traceId).isEqualTo(amazonHeader.rootTraceId());
				assertThat(segment.path("parent_id").asString()).isEqualTo(amazonHeader.parentId());
			}
			case NEW -> {
				assertThat(traceId).doesNotContain("4bf92f35");
				assertThat(segment.has("parent_id")).isFalse();
			}
		}
		String callId = segment.path("subsegments").get(0).path("id").asString();
		Headers callback = otel.takeCallbackHeaders();
		otel.takeSpans();
		assertThat(OpenTelemetryService.header(callback, "traceparent"))
			.isEqualTo(W3CTraceContext.formatTraceparent(traceId, callId, true));
		assertThat(OpenTelemetryService.header(callback, "tracestate"))
			.isEqualTo((passedOn != null) ? passedOn : OpenTelemetryService.NONE);
		TraceHeader callbackAmazon = TraceHeader.parse(OpenTelemetryService.header(callback, TraceHeader.HEADER_NAME));
		assertThat(callbackAmazon.rootTraceId()).isEqualTo(traceId);
		assertThat(callbackAmazon.parentId()).isEqualTo(callId);
		assertThat(callbackAmazon.sampled()).isEqualTo(SampleDecision.SAMPLED);
	}

	@Test
	void tracestateLinesAreJoinedAndPassedOn() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(ours())
			.header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
			.header("tracestate", "rojo=1")
			.header("tracestate", "congo=2")
			.build();
		assertThat(this.client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
		assertThat(nextDocument().path("trace_id").asString()).isEqualTo("1-4bf92f35-77b34da6a3ce929d0e0e4736");
		Headers callback = otel.takeCallbackHeaders();
		otel.takeSpans();
		assertThat(OpenTelemetryService.header(callback, "tracestate")).isEqualTo("rojo=1,congo=2");
	}

	enum Joins {

		/** The trace of {@code traceparent}. */
		W3C,

		/** The trace of {@code X-Amzn-Trace-Id}. */
		AMAZON,

		/** A new trace. */
		NEW

	}

	private URI ours() {
		return URI.create("http://127.0.0.1:" + this.port + "/ours");
	}

	private static JsonNode nextDocument() {
		Datagram datagram = daemon.next(WAIT);
		assertThat(datagram.daemonAccepts()).isTrue();
		return assertValidDocument(datagram.body());
	}

	private static SpanData span(List<SpanData> spans, String name, SpanKind kind) {
		return spans.stream()
			.filter((span) -> span.getName().equals(name) && span.getKind() == kind)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " span " + name + " in " + spans));
	}

	/**
	 * An X-Ray-compatible W3C trace id, as OpenTelemetry's X-Ray id generator makes them:
	 * epoch seconds first.
	 */
	private static String newTraceId() {
		long epochSecond = System.currentTimeMillis() / 1000;
		return String.format("%08x%08x%016x", epochSecond, random.nextInt(), random.nextLong());
	}

}
