package org.xrayspring.autoconfigure.servlet;

import jakarta.servlet.http.HttpServletRequest;

import org.xrayspring.recorder.inbound.InboundRequests;
import org.xrayspring.recorder.sampling.WildcardPattern;

/**
 * Names the segment of an incoming request. Define a bean of this type to replace the
 * auto-configured one.
 */
@FunctionalInterface
public interface SegmentNamer {

	/**
	 * Returns the segment name for a request.
	 * @param request the request
	 * @return the name (sanitized by the recorder)
	 */
	String nameFor(HttpServletRequest request);

	/**
	 * Names every segment after the service.
	 * @param serviceName the service name
	 * @return the namer
	 */
	static SegmentNamer fixed(String serviceName) {
		return (request) -> serviceName;
	}

	/**
	 * Names a segment after the request's {@code Host} header (port removed) when it
	 * matches the pattern, else after the service.
	 * @param serviceName the fallback name
	 * @param hostPattern a pattern with {@code *} (any characters) and {@code ?} (one
	 * character), matched ignoring case
	 * @return the namer
	 */
	static SegmentNamer dynamic(String serviceName, String hostPattern) {
		WildcardPattern pattern = WildcardPattern.compile(hostPattern);
		return (request) -> InboundRequests.segmentName(serviceName, pattern, request.getHeader("Host"));
	}

}
