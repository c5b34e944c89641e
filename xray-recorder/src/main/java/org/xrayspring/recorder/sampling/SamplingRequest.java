package org.xrayspring.recorder.sampling;

import org.jspecify.annotations.Nullable;

/**
 * What a sampling decision is made on. Any component may be given as {@code null}; it is
 * stored, matched and returned as the empty string.
 *
 * @param host the host the request was sent to (for example the {@code Host} header)
 * @param method the HTTP method
 * @param path the URL path
 * @param serviceName the name of the traced service (the segment name)
 */
public record SamplingRequest(@Nullable String host, @Nullable String method, @Nullable String path,
		@Nullable String serviceName) {

	/**
	 * Creates a request, turning {@code null} components into empty strings.
	 * @param host the host
	 * @param method the HTTP method
	 * @param path the URL path
	 * @param serviceName the service name
	 */
	public SamplingRequest {
		host = (host != null) ? host : "";
		method = (method != null) ? method : "";
		path = (path != null) ? path : "";
		serviceName = (serviceName != null) ? serviceName : "";
	}

}
