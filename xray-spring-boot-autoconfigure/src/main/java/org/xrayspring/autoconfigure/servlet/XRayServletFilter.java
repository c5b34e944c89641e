package org.xrayspring.autoconfigure.servlet;

import java.io.IOException;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.xrayspring.autoconfigure.inbound.ExcludedPaths;
import org.xrayspring.autoconfigure.lambda.LambdaTraceHeaderSource;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Scope;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.inbound.InboundRequests;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.support.ThrottledLogger;
import org.xrayspring.recorder.url.UrlRedactor;

/**
 * Records one segment per incoming HTTP request: method, URL, user agent, client address,
 * status, content length, error/throttle/fault and an escaping exception, joined to the
 * caller's trace through {@code X-Amzn-Trace-Id} or, when that has no valid {@code Root}
 * and W3C propagation is on, through a valid W3C {@code traceparent} (see
 * {@link W3CTraceContext}); a valid {@code tracestate} of the trace joined is kept on the
 * segment for outbound calls. The response carries
 * {@code X-Amzn-Trace-Id: Root=<trace id>}, plus the sampling decision when the caller
 * asked for it with {@code Sampled=?}.
 * <p>
 * For asynchronous requests the segment stays open until the async work completes, and
 * async dispatches run with the request's segment current. The thread's context is always
 * cleared when the filter returns, exceptions included. A failure of the tracing itself
 * is logged (throttled) and never reaches the application.
 * <p>
 * A request whose path within the application (servlet path plus path info: no context
 * path, path parameters or query string) matches one of the excluded Ant-style patterns
 * passes through untraced, as if the filter were not there: no segment is begun and no
 * sampling decision made (a health check takes nothing from the sampling reservoir),
 * nothing is current while it is served, so its outbound calls and SQL record nothing and
 * add no trace header of their own, and no {@code X-Amzn-Trace-Id} is added to its
 * response. The {@code X-Amzn-Trace-Id} it arrived with is neither read nor removed: the
 * application, or a proxy it hands the request to, sees and can pass on exactly what the
 * caller sent.
 * <p>
 * In AWS Lambda (given a {@link LambdaTraceHeaderSource}) the invocation's segment
 * belongs to Lambda: each request is recorded as a subsegment, with the same fields, of a
 * facade for the segment named by the invocation's trace header
 * ({@link XRayRecorder#beginFacadeSegment(TraceHeader)}), and sent as an independent
 * subsegment, sampled as that header says. The request's own {@code X-Amzn-Trace-Id} is
 * not read then.
 */
public final class XRayServletFilter implements Filter {

	/**
	 * Request attribute holding the request's entity (its segment; in Lambda, its
	 * subsegment) across async dispatches.
	 */
	public static final String SEGMENT_ATTRIBUTE = XRayServletFilter.class.getName() + ".SEGMENT";

	private static final String SPRING_MVC_EXCEPTION_ATTRIBUTE = "org.springframework.web.servlet.DispatcherServlet.EXCEPTION";

	private static final String SERVLET_EXCEPTION_ATTRIBUTE = "jakarta.servlet.error.exception";

	private static final ThrottledLogger logger = new ThrottledLogger(XRayServletFilter.class.getName(), 60_000);

	private final XRayRecorder recorder;

	private final SegmentNamer namer;

	private final boolean recordQueryString;

	private final ExcludedPaths excludedPaths;

	private final boolean w3cPropagation;

	private final @Nullable LambdaTraceHeaderSource lambda;

	/**
	 * Creates a filter that traces every request.
	 * @param recorder the recorder
	 * @param namer names each request's segment
	 * @param recordQueryString whether the query string is part of the recorded URL
	 */
	public XRayServletFilter(XRayRecorder recorder, SegmentNamer namer, boolean recordQueryString) {
		this(recorder, namer, recordQueryString, List.of());
	}

	/**
	 * Creates a filter that leaves some request paths untraced.
	 * @param recorder the recorder
	 * @param namer names each request's segment
	 * @param recordQueryString whether the query string is part of the recorded URL
	 * @param excludedPaths Ant-style patterns ({@code ?}, {@code *}, {@code **}) of paths
	 * within the application that are not traced, each starting with {@code /}
	 * @throws IllegalArgumentException if a pattern does not start with {@code /}
	 */
	public XRayServletFilter(XRayRecorder recorder, SegmentNamer namer, boolean recordQueryString,
			Collection<String> excludedPaths) {
		this(recorder, namer, recordQueryString, excludedPaths, true);
	}

	/**
	 * Creates a filter that leaves some request paths untraced and may join W3C Trace
	 * Context.
	 * @param recorder the recorder
	 * @param namer names each request's segment
	 * @param recordQueryString whether the query string is part of the recorded URL
	 * @param excludedPaths Ant-style patterns ({@code ?}, {@code *}, {@code **}) of paths
	 * within the application that are not traced, each starting with {@code /}
	 * @param w3cPropagation whether {@code traceparent} and {@code tracestate} are read
	 * @throws IllegalArgumentException if a pattern does not start with {@code /}
	 */
	public XRayServletFilter(XRayRecorder recorder, SegmentNamer namer, boolean recordQueryString,
			Collection<String> excludedPaths, boolean w3cPropagation) {
		this(recorder, namer, recordQueryString, excludedPaths, w3cPropagation, null);
	}

	/**
	 * Creates a filter that may run in AWS Lambda.
	 * @param recorder the recorder
	 * @param namer names each request's segment (in Lambda, its subsegment)
	 * @param recordQueryString whether the query string is part of the recorded URL
	 * @param excludedPaths Ant-style patterns ({@code ?}, {@code *}, {@code **}) of paths
	 * within the application that are not traced, each starting with {@code /}
	 * @param w3cPropagation whether {@code traceparent} and {@code tracestate} are read
	 * @param lambda the invocation's trace header when running in AWS Lambda, else
	 * {@code null}
	 * @throws IllegalArgumentException if a pattern does not start with {@code /}
	 */
	public XRayServletFilter(XRayRecorder recorder, SegmentNamer namer, boolean recordQueryString,
			Collection<String> excludedPaths, boolean w3cPropagation, @Nullable LambdaTraceHeaderSource lambda) {
		this.lambda = lambda;
		this.w3cPropagation = w3cPropagation;
		this.recorder = recorder;
		this.namer = namer;
		this.recordQueryString = recordQueryString;
		this.excludedPaths = ExcludedPaths.of(excludedPaths);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
			chain.doFilter(req, res);
			return;
		}
		Object existing = request.getAttribute(SEGMENT_ATTRIBUTE);
		if (existing instanceof Entity entity) {
			// an async (or nested) dispatch of a request we already trace: continue its
			// entity
			try (Scope scope = this.recorder.setCurrentEntity(entity)) {
				chain.doFilter(request, response);
			}
			return;
		}
		// the path is built only when there is something to match it against
		if (!this.excludedPaths.isEmpty() && this.excludedPaths.matches(pathWithinApplication(request))) {
			chain.doFilter(request, response);
			return;
		}
		Entity entity = (this.lambda != null) ? beginInLambda(request, response) : begin(request, response);
		if (entity == null) {
			chain.doFilter(request, response);
			return;
		}
		Throwable failure = null;
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			failure = ex;
			throw ex;
		}
		finally {
			this.recorder.clearContext();
			if (failure == null && request.isAsyncStarted()) {
				endOnAsyncCompletion(request, entity);
			}
			else {
				end(entity, request, response, failure);
			}
		}
	}

	/**
	 * The path within the application, as the container mapped the request: the servlet
	 * path plus the path info (decoded and normalized, without the context path, path
	 * parameters or query string).
	 */
	static String pathWithinApplication(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		String path = ((servletPath != null) ? servletPath : "") + ((pathInfo != null) ? pathInfo : "");
		return path.isEmpty() ? "/" : path;
	}

	private @Nullable Segment begin(HttpServletRequest request, HttpServletResponse response) {
		try {
			W3CTraceContext w3c = this.w3cPropagation ? w3cContext(request) : null;
			TraceHeader incoming = InboundRequests.incoming(request.getHeader(TraceHeader.HEADER_NAME), w3c);
			String name = this.namer.nameFor(request);
			SamplingRequest samplingRequest = new SamplingRequest(request.getServerName(), request.getMethod(),
					request.getRequestURI(), name);
			Segment segment = this.recorder.beginSegment(name, incoming, samplingRequest);
			InboundRequests.keepTraceState(segment, w3c);
			request.setAttribute(SEGMENT_ATTRIBUTE, segment);
			response.setHeader(TraceHeader.HEADER_NAME, InboundRequests.responseHeader(segment, incoming));
			if (segment.isSampled()) {
				recordRequest(segment, request);
			}
			return segment;
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not begin a segment for " + UrlRedactor.redact(request.getRequestURI())
					+ "; the request is not traced", ex);
			this.recorder.clearContext();
			return null;
		}
	}

	/**
	 * Records the request as a subsegment of a facade for the invocation's segment, which
	 * Lambda emits.
	 */
	private @Nullable Subsegment beginInLambda(HttpServletRequest request, HttpServletResponse response) {
		try {
			Segment facade = this.recorder.beginFacadeSegment(TraceHeader.parse(this.lambda.traceHeader()));
			if (facade == null) {
				logger
					.warnThrottled(
							() -> "X-Ray found no valid AWS Lambda trace header for "
									+ UrlRedactor.redact(request.getRequestURI()) + "; the request is not traced",
							null);
				return null;
			}
			Subsegment subsegment = this.recorder.beginSubsegment(facade, this.namer.nameFor(request));
			request.setAttribute(SEGMENT_ATTRIBUTE, subsegment);
			response.setHeader(TraceHeader.HEADER_NAME, "Root=" + facade.getTraceId());
			if (subsegment.isSampled()) {
				recordRequest(subsegment, request);
			}
			return subsegment;
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not begin a subsegment for " + UrlRedactor.redact(request.getRequestURI())
					+ "; the request is not traced", ex);
			this.recorder.clearContext();
			return null;
		}
	}

	/**
	 * Reads {@code traceparent} and every {@code tracestate} line, the latter only when
	 * the former is there.
	 */
	private static @Nullable W3CTraceContext w3cContext(HttpServletRequest request) {
		String traceparent = request.getHeader(W3CTraceContext.TRACEPARENT_HEADER);
		if (traceparent == null) {
			// most requests: no tracestate lookup, and no enumeration of it made
			return null;
		}
		Enumeration<String> lines = request.getHeaders(W3CTraceContext.TRACESTATE_HEADER);
		return InboundRequests.w3cContext(traceparent, (lines != null) ? lines.asIterator() : null);
	}

	private void recordRequest(Entity segment, HttpServletRequest request) {
		StringBuffer url = request.getRequestURL();
		if (this.recordQueryString && request.getQueryString() != null) {
			url.append('?').append(request.getQueryString());
		}
		InboundRequests.recordRequest(segment, request.getMethod(), url.toString(), request.getHeader("User-Agent"),
				request.getHeader("X-Forwarded-For"), request.getRemoteAddr());
	}

	private void endOnAsyncCompletion(HttpServletRequest request, Entity segment) {
		request.getAsyncContext().addListener(new AsyncListener() {

			private @Nullable Throwable failure;

			@Override
			public void onComplete(AsyncEvent event) {
				end(segment, request, (HttpServletResponse) event.getSuppliedResponse(), this.failure);
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				segment.putAnnotation("async_timeout", true);
			}

			@Override
			public void onError(AsyncEvent event) {
				this.failure = event.getThrowable();
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
				event.getAsyncContext().addListener(this);
			}

		});
	}

	private void end(Entity segment, HttpServletRequest request, HttpServletResponse response,
			@Nullable Throwable failure) {
		try {
			if (segment.isSampled()) {
				recordResponse(segment, request, response, failure);
			}
			segment.end();
			if (segment.getSegment() != segment) {
				// the request's subsegment in Lambda: the invocation is over, and so is
				// its facade
				segment.getSegment().end();
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not end the segment for " + UrlRedactor.redact(request.getRequestURI()),
					ex);
		}
		finally {
			request.removeAttribute(SEGMENT_ATTRIBUTE);
		}
	}

	private void recordResponse(Entity segment, HttpServletRequest request, HttpServletResponse response,
			@Nullable Throwable failure) {
		// an exception escaping the filter chain becomes a 500 in the container
		int status = (failure != null) ? 500 : response.getStatus();
		Throwable exception = (failure != null) ? unwrap(failure) : handledException(request);
		InboundRequests.recordResponse(segment, status, response.getHeader("Content-Length"), exception);
	}

	/**
	 * Frameworks wrap the application's exception in a {@link ServletException} ("Request
	 * processing failed"); the application's exception is the one worth recording.
	 */
	private static @Nullable Throwable unwrap(@Nullable Throwable failure) {
		Throwable current = failure;
		while (current instanceof ServletException && current.getCause() != null && current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

	private static @Nullable Throwable handledException(HttpServletRequest request) {
		Object exception = request.getAttribute(SPRING_MVC_EXCEPTION_ATTRIBUTE);
		if (!(exception instanceof Throwable)) {
			exception = request.getAttribute(SERVLET_EXCEPTION_ATTRIBUTE);
		}
		return (exception instanceof Throwable throwable) ? throwable : null;
	}

}
