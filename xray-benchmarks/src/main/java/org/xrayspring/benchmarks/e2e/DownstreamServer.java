package org.xrayspring.benchmarks.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The target of the outbound call: a JDK {@link HttpServer} on an ephemeral loopback
 * port, answering every request with a short body. It runs in the application's process,
 * the same way in every mode, so its CPU time is part of every mode's figure and cancels
 * out of the differences.
 */
final class DownstreamServer implements AutoCloseable {

	private static final byte[] BODY = "pong".getBytes(StandardCharsets.US_ASCII);

	static {
		// the server writes headers and body separately: with Nagle's algorithm on, the
		// body waits for the
		// client's delayed ACK (40 ms on Linux). Read once, when the JDK's server
		// configuration loads.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService executor;

	DownstreamServer(int threads) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
		this.executor = Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "downstream");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/", DownstreamServer::handle);
		this.server.start();
	}

	private static void handle(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		exchange.getResponseHeaders().set("Content-Type", "text/plain");
		exchange.sendResponseHeaders(200, BODY.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(BODY);
		}
	}

	/**
	 * The URI of the single resource the benchmark calls.
	 * @return {@code http://127.0.0.1:PORT/downstream}
	 */
	URI uri() {
		InetSocketAddress address = this.server.getAddress();
		return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/downstream");
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdown();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
