package org.xrayspring.recorder.inbound;

import java.util.Iterator;

import org.jspecify.annotations.Nullable;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.sampling.WildcardPattern;
import org.xrayspring.recorder.url.UrlRedactor;

/**
 * The server-independent part of tracing an incoming HTTP request, shared by the servlet
 * filter and the WebFlux handler so that both record the same segment for the same
 * request: which trace is joined, what the response header says, how the segment is named
 * after the {@code Host} header, and the segment's {@code http} fields.
 */
public final class InboundRequests {

	private InboundRequests() {
	}

	/**
	 * The caller's trace: {@code X-Amzn-Trace-Id}, or when that has no valid
	 * {@code Root}, a valid W3C {@code traceparent}.
	 * @param amazonHeader the {@code X-Amzn-Trace-Id} value, or {@code null}
	 * @param w3c the W3C context read with {@link #w3cContext}, or {@code null} when W3C
	 * propagation is off or the request has no {@code traceparent}
	 * @return the header to join ({@link TraceHeader#empty()}-like when none)
	 */
	public static TraceHeader incoming(@Nullable String amazonHeader, @Nullable W3CTraceContext w3c) {
		TraceHeader incoming = TraceHeader.parse(amazonHeader);
		return (w3c != null) ? w3c.joinTo(incoming) : incoming;
	}

	/**
	 * Reads {@code traceparent} and the {@code tracestate} lines, the latter only when
	 * the former is there. The lines are joined with {@code ,} as HTTP list headers
	 * combine; over the W3C length the joined value is invalid anyway, so reading stops
	 * there.
	 * @param traceparent the {@code traceparent} value, or {@code null}
	 * @param tracestateLines the {@code tracestate} lines, or {@code null}
	 * @return the context, or {@code null} when there is no valid {@code traceparent}
	 */
	public static @Nullable W3CTraceContext w3cContext(@Nullable String traceparent,
			@Nullable Iterator<String> tracestateLines) {
		if (traceparent == null) {
			return null;
		}
		return W3CTraceContext.parse(traceparent, joinedTraceState(tracestateLines));
	}

	private static @Nullable String joinedTraceState(@Nullable Iterator<String> lines) {
		if (lines == null || !lines.hasNext()) {
			return null;
		}
		String first = lines.next();
		if (!lines.hasNext()) {
			return first;
		}
		StringBuilder joined = new StringBuilder(first);
		while (lines.hasNext() && joined.length() <= W3CTraceContext.MAX_TRACESTATE_LENGTH) {
			joined.append(',').append(lines.next());
		}
		return (joined.length() <= W3CTraceContext.MAX_TRACESTATE_LENGTH) ? joined.toString() : null;
	}

	/**
	 * Keeps the {@code tracestate} that came with the {@code traceparent} on the segment,
	 * for outbound calls, when the segment joined that trace: a {@code tracestate}
	 * belongs to its {@code traceparent}.
	 * @param segment the request's segment
	 * @param w3c the W3C context, or {@code null}
	 */
	public static void keepTraceState(Segment segment, @Nullable W3CTraceContext w3c) {
		if (w3c != null && w3c.traceState() != null && w3c.traceId().equals(segment.getTraceId())) {
			segment.setTraceState(w3c.traceState());
		}
	}

	/**
	 * The {@code X-Amzn-Trace-Id} of the response: {@code Root=<trace id>}, plus the
	 * sampling decision when the caller asked for it with {@code Sampled=?}.
	 * @param segment the request's segment
	 * @param incoming the header joined
	 * @return the header value
	 */
	public static String responseHeader(Segment segment, TraceHeader incoming) {
		String value = "Root=" + segment.getTraceId();
		if (incoming.sampled() == SampleDecision.REQUESTED) {
			value += ";Sampled=" + (segment.isSampled() ? "1" : "0");
		}
		return value;
	}

	/**
	 * The segment name for a request: its {@code Host} header without the port when that
	 * matches the pattern, else the service name.
	 * @param serviceName the fallback name
	 * @param hostPattern the pattern, or {@code null} to always use the service name
	 * @param hostHeader the {@code Host} header, or {@code null}
	 * @return the name (sanitized by the recorder)
	 */
	public static String segmentName(String serviceName, @Nullable WildcardPattern hostPattern,
			@Nullable String hostHeader) {
		if (hostPattern == null || hostHeader == null || hostHeader.isEmpty()) {
			return serviceName;
		}
		String host = stripPort(hostHeader);
		return hostPattern.matches(host) ? host : serviceName;
	}

	private static String stripPort(String host) {
		if (host.startsWith("[")) {
			int close = host.indexOf(']');
			return (close > 0) ? host.substring(0, close + 1) : host;
		}
		int colon = host.indexOf(':');
		return (colon >= 0) ? host.substring(0, colon) : host;
	}

	/**
	 * The first address of an {@code X-Forwarded-For} header: the client's.
	 * @param header the header value, or {@code null}
	 * @return the address, or {@code null} when there is none
	 */
	public static @Nullable String firstForwardedFor(@Nullable String header) {
		if (header == null) {
			return null;
		}
		int comma = header.indexOf(',');
		String first = ((comma >= 0) ? header.substring(0, comma) : header).trim();
		return first.isEmpty() ? null : first;
	}

	/**
	 * Records the request on a sampled entity: method, URL (redacted), user agent and
	 * client address, taken from {@code X-Forwarded-For} when present (then flagged so).
	 * @param entity the request's entity
	 * @param method the HTTP method
	 * @param url the URL as the server saw it (with the query string only when that is to
	 * be recorded)
	 * @param userAgent the {@code User-Agent} header, or {@code null}
	 * @param forwardedFor the {@code X-Forwarded-For} header, or {@code null}
	 * @param remoteAddress the peer's address, or {@code null} when unknown
	 */
	public static void recordRequest(Entity entity, String method, String url, @Nullable String userAgent,
			@Nullable String forwardedFor, @Nullable String remoteAddress) {
		entity.putHttpRequest("method", method);
		entity.putHttpRequest("url", UrlRedactor.redact(url));
		if (userAgent != null) {
			entity.putHttpRequest("user_agent", userAgent);
		}
		String forwarded = firstForwardedFor(forwardedFor);
		if (forwarded != null) {
			entity.putHttpRequest("client_ip", forwarded);
			entity.putHttpRequest("x_forwarded_for", true);
		}
		else if (remoteAddress != null) {
			entity.putHttpRequest("client_ip", remoteAddress);
		}
	}

	/**
	 * Records the response on a sampled entity: status, content length when known,
	 * error/throttle/fault from the status, and the exception that caused it.
	 * @param entity the request's entity
	 * @param status the status sent
	 * @param contentLength the {@code Content-Length} header, or {@code null}
	 * @param exception the exception the request failed or was answered for, or
	 * {@code null}
	 */
	public static void recordResponse(Entity entity, int status, @Nullable String contentLength,
			@Nullable Throwable exception) {
		entity.putHttpResponse("status", status);
		if (contentLength != null) {
			try {
				entity.putHttpResponse("content_length", Long.parseLong(contentLength.trim()));
			}
			catch (NumberFormatException ex) {
				// not a number: leave it out
			}
		}
		entity.applyStatus(status);
		if (exception != null) {
			entity.addException(exception);
		}
	}

}
