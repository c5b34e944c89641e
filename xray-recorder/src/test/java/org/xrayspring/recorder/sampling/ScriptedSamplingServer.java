package org.xrayspring.recorder.sampling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.xrayspring.recorder.json.JsonReader;

/**
 * A sampling API on a loopback ephemeral port that answers each path from a script:
 * queued answers first, then the path's standing answer. It records every request. An
 * answer can be delayed or hang until the server closes.
 */
final class ScriptedSamplingServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Answer>> queued = new ConcurrentHashMap<>();

	private final Map<String, Answer> standing = new ConcurrentHashMap<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	ScriptedSamplingServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Answers the next requests to the path with these answers, in order. */
	ScriptedSamplingServer then(String path, Answer... answers) {
		Deque<Answer> queue = this.queued.computeIfAbsent(path, (key) -> new ArrayDeque<>());
		synchronized (queue) {
			queue.addAll(List.of(answers));
		}
		return this;
	}

	/** Answers every request to the path that no queued answer takes with this answer. */
	ScriptedSamplingServer always(String path, Answer answer) {
		this.standing.put(path, answer);
		return this;
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	List<Request> requests(String path) {
		return this.requests.stream().filter((request) -> request.path().equals(path)).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			this.requests.add(new Request(exchange.getRequestMethod(), path,
					exchange.getRequestHeaders().getFirst("Content-Type"), body));
			Answer answer = next(path);
			if (answer.hang()) {
				awaitClosing(Long.MAX_VALUE);
				return;
			}
			if (answer.delayMillis() > 0) {
				awaitClosing(answer.delayMillis());
			}
			byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private Answer next(String path) {
		Deque<Answer> queue = this.queued.get(path);
		if (queue != null) {
			synchronized (queue) {
				if (!queue.isEmpty()) {
					return queue.poll();
				}
			}
		}
		return this.standing.getOrDefault(path, Answer.status(404));
	}

	private void awaitClosing(long millis) {
		try {
			this.closing.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	record Request(String method, String path, String contentType, String body) {

		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return (Map<String, Object>) JsonReader.parse(this.body);
		}

	}

	record Answer(int status, String body, long delayMillis, boolean hang) {

		static Answer json(String body) {
			return new Answer(200, body, 0, false);
		}

		static Answer status(int status) {
			return new Answer(status, "{\"message\":\"scripted\"}", 0, false);
		}

		static Answer slow(String body, long delayMillis) {
			return new Answer(200, body, delayMillis, false);
		}

		static Answer hanging() {
			return new Answer(200, "", 0, true);
		}

	}

}
