package org.xrayspring.autoconfigure.webflux;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Names the segment of an incoming request of a reactive application. Define a bean of
 * this type to replace the auto-configured one, which names segments as the servlet
 * filter's {@code SegmentNamer} does, from the same properties
 * ({@code xray.service-name}, {@code xray.naming.host-pattern}).
 */
@FunctionalInterface
public interface ReactiveSegmentNamer {

	/**
	 * Returns the segment name for a request.
	 * @param request the request
	 * @return the name (sanitized by the recorder)
	 */
	String nameFor(ServerHttpRequest request);

}
