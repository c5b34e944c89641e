package org.xrayspring.autoconfigure.httpclient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback. {@code /status/<code>} answers with that status and a
 * body of {@link #BODY_LENGTH} bytes; every request's {@code X-Amzn-Trace-Id} (or
 * {@link #NO_HEADER}) is recorded, and separately its W3C {@code traceparent} and
 * {@code tracestate}.
 */
public final class LoopbackHttpServer implements AutoCloseable {

	/** Length of every response body. */
	public static final int BODY_LENGTH = 17;

	/** Recorded for a request without trace header. */
	public static final String NO_HEADER = "<none>";

	private final HttpServer server;

	private final BlockingQueue<String> headers = new LinkedBlockingQueue<>();

	private final BlockingQueue<List<String>> w3cHeaders = new LinkedBlockingQueue<>();

	/**
	 * Starts the server on a free loopback port.
	 */
	public LoopbackHttpServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String header = exchange.getRequestHeaders().getFirst("X-Amzn-Trace-Id");
		this.headers.add((header != null) ? header : NO_HEADER);
		String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
		String tracestate = exchange.getRequestHeaders().getFirst("tracestate");
		this.w3cHeaders.add(List.of((traceparent != null) ? traceparent : NO_HEADER,
				(tracestate != null) ? tracestate : NO_HEADER));
		String path = exchange.getRequestURI().getPath();
		int status = 200;
		if (path.startsWith("/status/")) {
			status = Integer.parseInt(path.substring("/status/".length()));
		}
		byte[] body = "0123456789abcdefg".getBytes();
		exchange.getResponseHeaders().set("Content-Type", "text/plain");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/**
	 * The base URL.
	 * @return {@code http://127.0.0.1:port}
	 */
	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Takes the trace header of the next request received.
	 * @return the header value or {@link #NO_HEADER}
	 */
	public String takeHeader() {
		try {
			String header = this.headers.poll(10, TimeUnit.SECONDS);
			if (header == null) {
				throw new AssertionError("The server received no request");
			}
			return header;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Takes the W3C headers of the next request received (independently of
	 * {@link #takeHeader()}).
	 * @return {@code traceparent} and {@code tracestate}, each {@link #NO_HEADER} when
	 * absent
	 */
	public List<String> takeW3CHeaders() {
		try {
			List<String> w3c = this.w3cHeaders.poll(10, TimeUnit.SECONDS);
			if (w3c == null) {
				throw new AssertionError("The server received no request");
			}
			return w3c;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * How many requests' headers have not been taken.
	 * @return the count
	 */
	public int pending() {
		return this.headers.size();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
