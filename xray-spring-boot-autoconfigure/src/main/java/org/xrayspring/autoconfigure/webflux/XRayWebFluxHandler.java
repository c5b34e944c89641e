package org.xrayspring.autoconfigure.webflux;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

import org.xrayspring.autoconfigure.async.EntityContextKey;
import org.xrayspring.autoconfigure.inbound.ExcludedPaths;
import org.xrayspring.recorder.Scope;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.inbound.InboundRequests;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.support.ThrottledLogger;
import org.xrayspring.recorder.url.UrlRedactor;

/**
 * Records one segment per incoming request of a reactive application, with the same
 * fields, naming, sampling, excluded paths and headers as the servlet filter (both use
 * {@link InboundRequests}).
 * <p>
 * It decorates the application's {@link HttpHandler} (see {@link #decorator}), around the
 * web filters and the {@code WebExceptionHandler}s, so the status recorded is the one
 * sent, after error handling, and the segment ends when the response is written, the
 * exchange fails or the client goes away (cancellation), exactly once. An exception an
 * error handler answered is recorded as the cause (see {@link XRayWebExceptionRecorder}).
 * <p>
 * The segment is never left current on the server's thread: it travels in the Reactor
 * {@code Context} of the exchange under {@link EntityContextKey#of(XRayRecorder)}, where
 * the WebClient filter finds it, and from which Reactor's automatic context propagation
 * makes it the current entity for the code of the pipeline on whatever thread that runs
 * (so {@code @XRayCapture} methods and AWS SDK calls nest under it), clearing it again
 * afterwards.
 * <p>
 * A request whose path within the application (decoded, normalized, without path
 * parameters or query string) matches an excluded pattern passes through untouched: no
 * segment, no sampling decision, no response header. A failure of the tracing itself is
 * logged (throttled) and never reaches the application.
 */
public final class XRayWebFluxHandler implements HttpHandler {

	/**
	 * Key of the request's {@link RequestTrace} in the Reactor context.
	 */
	static final String TRACE_KEY = XRayWebFluxHandler.class.getName() + ".TRACE";

	private static final ThrottledLogger logger = new ThrottledLogger(XRayWebFluxHandler.class.getName(), 60_000);

	private final HttpHandler delegate;

	private final XRayRecorder recorder;

	private final Object entityKey;

	private final ReactiveSegmentNamer namer;

	private final boolean recordQueryString;

	private final ExcludedPaths excludedPaths;

	private final boolean w3cPropagation;

	/**
	 * Creates a handler that traces the requests of another.
	 * @param delegate the application's handler
	 * @param recorder the recorder
	 * @param namer names each request's segment
	 * @param recordQueryString whether the query string is part of the recorded URL
	 * @param excludedPaths Ant-style patterns of paths within the application that are
	 * not traced, each starting with {@code /}
	 * @param w3cPropagation whether {@code traceparent} and {@code tracestate} are read
	 * @throws IllegalArgumentException if a pattern does not start with {@code /}
	 */
	public XRayWebFluxHandler(HttpHandler delegate, XRayRecorder recorder, ReactiveSegmentNamer namer,
			boolean recordQueryString, Collection<String> excludedPaths, boolean w3cPropagation) {
		this.delegate = delegate;
		this.recorder = recorder;
		this.entityKey = EntityContextKey.of(recorder);
		this.namer = namer;
		this.recordQueryString = recordQueryString;
		this.excludedPaths = ExcludedPaths.of(excludedPaths);
		this.w3cPropagation = w3cPropagation;
	}

	/**
	 * A decorator factory that wraps the application's handler in one of these, for
	 * Spring's {@code WebHttpHandlerBuilder}, which applies every
	 * {@link HttpHandlerDecoratorFactory} bean.
	 * @param recorder the recorder
	 * @param namer names each request's segment
	 * @param recordQueryString whether the query string is part of the recorded URL
	 * @param excludedPaths Ant-style patterns of paths that are not traced
	 * @param w3cPropagation whether {@code traceparent} and {@code tracestate} are read
	 * @return the decorator factory
	 */
	public static HttpHandlerDecoratorFactory decorator(XRayRecorder recorder, ReactiveSegmentNamer namer,
			boolean recordQueryString, Collection<String> excludedPaths, boolean w3cPropagation) {
		ExcludedPaths.of(excludedPaths);
		return (handler) -> new XRayWebFluxHandler(handler, recorder, namer, recordQueryString, excludedPaths,
				w3cPropagation);
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		if (!this.excludedPaths.isEmpty() && this.excludedPaths.matches(pathWithinApplication(request))) {
			return this.delegate.handle(request, response);
		}
		Segment segment = begin(request, response);
		if (segment == null) {
			return this.delegate.handle(request, response);
		}
		RequestTrace trace = new RequestTrace(segment);
		return this.delegate.handle(request, response)
			.doOnError(trace::escaped)
			.doFinally((signal) -> end(trace, request, response, signal))
			.contextWrite((context) -> context.put(this.entityKey, segment).put(TRACE_KEY, trace));
	}

	/**
	 * The path within the application as the servlet container gives it: decoded, with
	 * {@code .} and {@code ..} segments resolved and no path parameters, so that
	 * {@code /actuator;x=1/health} and {@code /api/../actuator/health} are the
	 * {@code /actuator/health} the patterns are written for.
	 */
	static String pathWithinApplication(ServerHttpRequest request) {
		List<PathContainer.Element> elements = request.getPath().pathWithinApplication().elements();
		Deque<String> segments = new ArrayDeque<>();
		for (PathContainer.Element element : elements) {
			if (element instanceof PathContainer.PathSegment segment) {
				String value = segment.valueToMatch();
				if (value.equals("..")) {
					segments.pollLast();
				}
				else if (!value.equals(".") && !value.isEmpty()) {
					segments.addLast(value);
				}
			}
		}
		boolean trailingSlash = !elements.isEmpty()
				&& elements.get(elements.size() - 1) instanceof PathContainer.Separator;
		String path = "/" + String.join("/", segments);
		return (trailingSlash && !segments.isEmpty()) ? path + "/" : path;
	}

	/**
	 * Reads {@code traceparent} and, only when it is there, every {@code tracestate}
	 * line.
	 */
	private static @Nullable W3CTraceContext w3cContext(ServerHttpRequest request) {
		String traceparent = request.getHeaders().getFirst(W3CTraceContext.TRACEPARENT_HEADER);
		if (traceparent == null) {
			return null;
		}
		return InboundRequests.w3cContext(traceparent,
				request.getHeaders().getValuesAsList(W3CTraceContext.TRACESTATE_HEADER).iterator());
	}

	private @Nullable Segment begin(ServerHttpRequest request, ServerHttpResponse response) {
		// beginning makes the segment current on this thread: it must not stay there
		try (Scope scope = this.recorder.setCurrentEntity(null)) {
			W3CTraceContext w3c = this.w3cPropagation ? w3cContext(request) : null;
			TraceHeader incoming = InboundRequests.incoming(request.getHeaders().getFirst(TraceHeader.HEADER_NAME),
					w3c);
			String name = this.namer.nameFor(request);
			URI uri = request.getURI();
			SamplingRequest samplingRequest = new SamplingRequest(uri.getHost(), request.getMethod().name(),
					uri.getRawPath(), name);
			Segment segment = this.recorder.beginSegment(name, incoming, samplingRequest);
			InboundRequests.keepTraceState(segment, w3c);
			response.getHeaders().set(TraceHeader.HEADER_NAME, InboundRequests.responseHeader(segment, incoming));
			if (segment.isSampled()) {
				InboundRequests.recordRequest(segment, request.getMethod().name(), url(uri),
						request.getHeaders().getFirst("User-Agent"), request.getHeaders().getFirst("X-Forwarded-For"),
						remoteAddress(request.getRemoteAddress()));
			}
			return segment;
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not begin a segment for "
					+ UrlRedactor.redact(request.getURI().getRawPath()) + "; the request is not traced", ex);
			return null;
		}
	}

	/**
	 * The URL as a servlet container reconstructs it: scheme, host, the port unless it is
	 * the scheme's default, the raw path and, when recorded, the query string.
	 */
	private String url(URI uri) {
		StringBuilder url = new StringBuilder();
		url.append(uri.getScheme()).append("://").append(uri.getHost());
		int port = uri.getPort();
		boolean defaultPort = port == -1 || ("http".equals(uri.getScheme()) && port == 80)
				|| ("https".equals(uri.getScheme()) && port == 443);
		if (!defaultPort) {
			url.append(':').append(port);
		}
		url.append(uri.getRawPath());
		if (this.recordQueryString && uri.getRawQuery() != null) {
			url.append('?').append(uri.getRawQuery());
		}
		return url.toString();
	}

	private static @Nullable String remoteAddress(@Nullable InetSocketAddress address) {
		if (address == null) {
			return null;
		}
		InetAddress resolved = address.getAddress();
		return (resolved != null) ? resolved.getHostAddress() : address.getHostString();
	}

	private void end(RequestTrace trace, ServerHttpRequest request, ServerHttpResponse response, SignalType signal) {
		if (!trace.ended.compareAndSet(false, true)) {
			return;
		}
		Segment segment = trace.segment;
		try {
			if (segment.isSampled()) {
				if (signal == SignalType.CANCEL) {
					// the client went away: no response was sent
					segment.putMetadata("http", "cancelled", true);
					if (trace.handled != null) {
						segment.addException(trace.handled);
					}
				}
				else {
					recordResponse(trace, response);
				}
			}
			segment.end();
		}
		catch (RuntimeException ex) {
			logger.warnThrottled(
					"X-Ray could not end the segment for " + UrlRedactor.redact(request.getURI().getRawPath()), ex);
		}
	}

	private static void recordResponse(RequestTrace trace, ServerHttpResponse response) {
		Throwable escaped = trace.escaped;
		// an error no handler answered becomes a 500 in the server
		HttpStatusCode statusCode = response.getStatusCode();
		int status = (escaped != null) ? 500 : ((statusCode != null) ? statusCode.value() : 200);
		Throwable exception = (escaped != null) ? escaped : trace.handled;
		InboundRequests.recordResponse(trace.segment, status, response.getHeaders().getFirst("Content-Length"),
				exception);
	}

	/**
	 * What one request's tracing needs until it ends.
	 */
	static final class RequestTrace {

		final Segment segment;

		final AtomicBoolean ended = new AtomicBoolean();

		volatile @Nullable Throwable escaped;

		volatile @Nullable Throwable handled;

		RequestTrace(Segment segment) {
			this.segment = segment;
		}

		void escaped(Throwable ex) {
			this.escaped = ex;
		}

		/**
		 * Remembers the first exception an error handler was asked to answer: the cause;
		 * later ones are failures of the handling.
		 */
		void handled(Throwable ex) {
			if (this.handled == null) {
				this.handled = ex;
			}
		}

	}

}
