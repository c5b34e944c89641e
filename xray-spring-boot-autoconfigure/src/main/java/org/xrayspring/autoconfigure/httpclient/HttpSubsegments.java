package org.xrayspring.autoconfigure.httpclient;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.support.ThrottledLogger;
import org.xrayspring.recorder.url.UrlRedactor;

/**
 * What both HTTP client instrumentations record, in one place.
 */
final class HttpSubsegments {

	static final ThrottledLogger logger = new ThrottledLogger(HttpSubsegments.class.getName(), 60_000);

	private HttpSubsegments() {
	}

	/**
	 * The subsegment name for a target: its host, as the X-Ray console groups remote
	 * nodes by it.
	 * @param uri the request URI
	 * @return the host, or the whole URI when it has none
	 */
	static String name(URI uri) {
		String host = uri.getHost();
		return (host != null && !host.isEmpty()) ? host : "unknown host";
	}

	/**
	 * The URL without user info, query string, fragment and path parameters: those may
	 * hold credentials, session ids or personal data.
	 * @param uri the request URI
	 * @return the URL to record
	 */
	static @Nullable String url(URI uri) {
		if (!uri.isAbsolute() || uri.getHost() == null) {
			String path = uri.getRawPath();
			return (path != null) ? UrlRedactor.redact(path) : "";
		}
		StringBuilder url = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
		if (uri.getPort() != -1) {
			url.append(':').append(uri.getPort());
		}
		String path = uri.getRawPath();
		if (path != null) {
			url.append(path);
		}
		return UrlRedactor.redact(url.toString());
	}

	/**
	 * Puts the trace headers for a call made within the subsegment on the request:
	 * {@code X-Amzn-Trace-Id} and, with W3C propagation, {@code traceparent} (this
	 * subsegment as parent span) and the {@code tracestate} the segment received. Headers
	 * of the same names the application set are replaced, so the callee joins this call
	 * and not some other.
	 * @param headers the request headers
	 * @param subsegment the call's subsegment
	 * @param w3cPropagation whether to send W3C Trace Context too
	 */
	static void propagate(HttpHeaders headers, Subsegment subsegment, boolean w3cPropagation) {
		headers.set(TraceHeader.HEADER_NAME, subsegment.traceHeader().format());
		if (!w3cPropagation) {
			return;
		}
		String traceparent = W3CTraceContext.formatTraceparent(subsegment.getTraceId(), subsegment.getId(),
				subsegment.isSampled());
		if (traceparent == null) {
			return;
		}
		headers.set(W3CTraceContext.TRACEPARENT_HEADER, traceparent);
		String traceState = subsegment.getSegment().getTraceState();
		if (traceState != null) {
			headers.set(W3CTraceContext.TRACESTATE_HEADER, traceState);
		}
		else {
			// a tracestate the application set belongs to no traceparent we send
			headers.remove(W3CTraceContext.TRACESTATE_HEADER);
		}
	}

	static void recordRequest(Subsegment subsegment, String method, URI uri) {
		subsegment.setNamespace(Subsegment.NAMESPACE_REMOTE);
		subsegment.putHttpRequest("method", method);
		subsegment.putHttpRequest("url", url(uri));
	}

	static void recordResponse(Subsegment subsegment, int status, long contentLength) {
		subsegment.putHttpResponse("status", status);
		if (contentLength >= 0) {
			subsegment.putHttpResponse("content_length", contentLength);
		}
		subsegment.applyStatus(status);
	}

}
