package org.xrayspring.autoconfigure.w3c;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * A service instrumented with the OpenTelemetry Java SDK, exporting its spans in memory:
 * a JDK HTTP server on loopback whose {@code /otel/callback} requests become SERVER spans
 * with the parent extracted by a propagator, and an HTTP client ({@code java.net.http})
 * whose calls are CLIENT spans with the context injected.
 */
final class OpenTelemetryService implements AutoCloseable {

	/** Recorded for a header the server did not receive. */
	static final String NONE = "<none>";

	private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(Headers carrier) {
			return carrier.keySet();
		}

		@Override
		public String get(Headers carrier, String key) {
			return (carrier != null) ? carrier.getFirst(key) : null;
		}

	};

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
		.build();

	private final Tracer tracer = this.tracerProvider.get("otel-service");

	private final HttpServer server;

	private final HttpClient client = HttpClient.newHttpClient();

	private final BlockingQueue<Headers> received = new LinkedBlockingQueue<>();

	private final TextMapPropagator serverPropagator;

	OpenTelemetryService(TextMapPropagator serverPropagator) {
		this.serverPropagator = serverPropagator;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/otel/callback", this::callback);
		this.server.start();
	}

	private void callback(HttpExchange exchange) throws IOException {
		Headers headers = new Headers();
		headers.putAll(exchange.getRequestHeaders());
		Context parent = this.serverPropagator.extract(Context.root(), headers, HEADERS);
		Span span = this.tracer.spanBuilder("otel callback").setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
		try (Scope scope = span.makeCurrent()) {
			byte[] body = "called back".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		finally {
			span.end();
			this.received.add(headers);
		}
	}

	/**
	 * Calls a URL within a CLIENT span whose parent is a root span continuing a remote
	 * caller's trace that carried a {@code tracestate}; both spans end before this
	 * returns.
	 * @param uri the URL
	 * @param propagator injects the client span's context
	 * @param upstream the remote caller of the root span
	 * @return the response
	 */
	HttpResponse<String> call(URI uri, TextMapPropagator propagator, SpanContext upstream) throws Exception {
		Span root = this.tracer.spanBuilder("otel root")
			.setSpanKind(SpanKind.SERVER)
			.setParent(Context.root().with(Span.wrap(upstream)))
			.startSpan();
		try (Scope rootScope = root.makeCurrent()) {
			Span client = this.tracer.spanBuilder("GET ours").setSpanKind(SpanKind.CLIENT).startSpan();
			try (Scope clientScope = client.makeCurrent()) {
				HttpRequest.Builder request = HttpRequest.newBuilder(uri);
				propagator.inject(Context.current(), request, HttpRequest.Builder::header);
				return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			finally {
				client.end();
			}
		}
		finally {
			root.end();
		}
	}

	/**
	 * A remote caller's context, sampled, with a {@code tracestate}.
	 * @param traceId 32 hex digits
	 * @param tracestate members to carry
	 * @return the context
	 */
	static SpanContext upstream(String traceId, Map<String, String> tracestate) {
		var builder = TraceState.builder();
		tracestate.forEach(builder::put);
		return SpanContext.createFromRemoteParent(traceId, "00f067aa0ba902b7", TraceFlags.getSampled(),
				builder.build());
	}

	String callbackUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/otel/callback";
	}

	/**
	 * Extracts a propagator's view of the headers the callback received.
	 * @param headers the headers
	 * @param propagator the propagator
	 * @return the remote span context, invalid when the propagator found none
	 */
	static SpanContext extract(Headers headers, TextMapPropagator propagator) {
		return Span.fromContext(propagator.extract(Context.root(), headers, HEADERS)).getSpanContext();
	}

	/**
	 * Takes the headers of the next callback received.
	 * @return the headers
	 */
	Headers takeCallbackHeaders() throws InterruptedException {
		Headers headers = this.received.poll(10, TimeUnit.SECONDS);
		if (headers == null) {
			throw new AssertionError("The OpenTelemetry service was not called back");
		}
		return headers;
	}

	static String header(Headers headers, String name) {
		String value = headers.getFirst(name);
		return (value != null) ? value : NONE;
	}

	/**
	 * The spans exported so far, and forgets them.
	 * @return the spans
	 */
	List<SpanData> takeSpans() {
		List<SpanData> spans = List.copyOf(this.exporter.getFinishedSpanItems());
		this.exporter.reset();
		return spans;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.tracerProvider.close();
	}

}
