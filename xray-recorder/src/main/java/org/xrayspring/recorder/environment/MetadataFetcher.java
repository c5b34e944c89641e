package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a metadata endpoint within what is left of the detection's time budget: plain
 * HTTP, never through a proxy, no redirects, bodies of at most {@value #MAX_BODY_BYTES}
 * bytes.
 */
final class MetadataFetcher {

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final long deadlineNanos;

	MetadataFetcher(long deadlineNanos) {
		this.deadlineNanos = deadlineNanos;
	}

	String get(String uri, Map<String, String> headers) throws IOException {
		return exchange("GET", uri, headers);
	}

	String put(String uri, Map<String, String> headers) throws IOException {
		return exchange("PUT", uri, headers);
	}

	private String exchange(String method, String uri, Map<String, String> headers) throws IOException {
		URI target;
		try {
			target = URI.create(uri);
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("'" + uri + "' is not a URI");
		}
		if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
			throw new IOException("'" + uri + "' is not an http:// URI");
		}
		HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
		try {
			int timeout = remainingMillis();
			connection.setConnectTimeout(timeout);
			connection.setReadTimeout(timeout);
			connection.setInstanceFollowRedirects(false);
			connection.setUseCaches(false);
			connection.setRequestMethod(method);
			headers.forEach(connection::setRequestProperty);
			if ("PUT".equals(method)) {
				connection.setDoOutput(true);
				connection.setFixedLengthStreamingMode(0);
				connection.getOutputStream().close();
			}
			int status = connection.getResponseCode();
			if (status != HttpURLConnection.HTTP_OK) {
				throw new IOException(method + " " + target.getPath() + " answered " + status);
			}
			try (InputStream in = connection.getInputStream()) {
				byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
				if (body.length > MAX_BODY_BYTES) {
					throw new IOException(
							method + " " + target.getPath() + " answered more than " + MAX_BODY_BYTES + " bytes");
				}
				return new String(body, StandardCharsets.UTF_8);
			}
		}
		finally {
			connection.disconnect();
		}
	}

	private int remainingMillis() throws IOException {
		long remaining = TimeUnit.NANOSECONDS.toMillis(this.deadlineNanos - System.nanoTime());
		if (remaining <= 0) {
			throw new IOException("the time budget is spent");
		}
		return (int) Math.min(remaining, Integer.MAX_VALUE);
	}

}
