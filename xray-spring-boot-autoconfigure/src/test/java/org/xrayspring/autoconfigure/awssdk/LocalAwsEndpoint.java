package org.xrayspring.autoconfigure.awssdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP endpoint on loopback that speaks enough of the AWS JSON protocols for the
 * real SDK clients: Rekognition {@code DetectLabels} (AWS JSON 1.1) and DynamoDB
 * {@code GetItem} (AWS JSON 1.0). It records every request it receives, with its headers,
 * and answers queued responses first (errors, for example), then the operation's canned
 * success response.
 */
public final class LocalAwsEndpoint implements AutoCloseable {

	/** The labels DetectLabels answers with. */
	public static final String DETECT_LABELS_RESPONSE = "{\"Labels\":[{\"Name\":\"Nature\",\"Confidence\":99.7}],"
			+ "\"LabelModelVersion\":\"3.0\"}";

	/** The item GetItem answers with. */
	public static final String GET_ITEM_RESPONSE = "{\"Item\":{\"id\":{\"S\":\"42\"},\"name\":{\"S\":\"Nature\"}}}";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Response> queued = new ConcurrentLinkedQueue<>();

	private LocalAwsEndpoint(HttpServer server) {
		this.server = server;
		server.createContext("/", this::handle);
		server.setExecutor(this.executor);
		server.start();
	}

	/**
	 * Starts an endpoint on an ephemeral loopback port.
	 * @return the running endpoint
	 * @throws IOException if the port cannot be bound
	 */
	public static LocalAwsEndpoint start() throws IOException {
		return new LocalAwsEndpoint(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
	}

	/**
	 * The URI to use as the clients' endpoint override.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public URI uri() {
		return URI.create("http://" + this.server.getAddress().getAddress().getHostAddress() + ":"
				+ this.server.getAddress().getPort());
	}

	/**
	 * The requests received so far.
	 * @return the requests in arrival order
	 */
	public List<RecordedRequest> requests() {
		return this.requests;
	}

	/**
	 * Queues a response for the next request, before the canned ones.
	 * @param response the response
	 */
	public void enqueue(Response response) {
		this.queued.add(response);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
			this.requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
					target, Map.copyOf(exchange.getRequestHeaders()), body));
			Response response = this.queued.poll();
			if (response == null) {
				response = cannedResponse(target);
			}
			String requestId = UUID.randomUUID().toString();
			exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
			exchange.getResponseHeaders().set("Content-Type", response.contentType());
			response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
			byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(response.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static Response cannedResponse(String target) {
		if ("RekognitionService.DetectLabels".equals(target)) {
			return new Response(200, DETECT_LABELS_RESPONSE, "application/x-amz-json-1.1", Map.of());
		}
		if ("DynamoDB_20120810.GetItem".equals(target)) {
			return new Response(200, GET_ITEM_RESPONSE, "application/x-amz-json-1.0", Map.of());
		}
		return error(400, "UnknownOperationException", "Unknown operation " + target);
	}

	/**
	 * An AWS JSON error response.
	 * @param status the HTTP status
	 * @param type the error code, e.g. {@code ThrottlingException}
	 * @param message the message
	 * @return the response
	 */
	public static Response error(int status, String type, String message) {
		return new Response(status,
				"{\"__type\":\"com.amazonaws.service#" + type + "\",\"message\":\"" + message + "\"}",
				"application/x-amz-json-1.1", Map.of("x-amzn-ErrorType", type));
	}

	/**
	 * A request the endpoint received.
	 *
	 * @param method the HTTP method
	 * @param path the path
	 * @param target the {@code X-Amz-Target} header
	 * @param headers all headers
	 * @param body the body
	 */
	public record RecordedRequest(String method, String path, String target, Map<String, List<String>> headers,
			String body) {

		/**
		 * The first value of a header, case-insensitively.
		 * @param name the header name
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			for (Map.Entry<String, List<String>> entry : this.headers.entrySet()) {
				if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
					return entry.getValue().get(0);
				}
			}
			return null;
		}

	}

	/**
	 * A response to send.
	 *
	 * @param status the HTTP status
	 * @param body the body
	 * @param contentType the content type
	 * @param headers extra headers
	 */
	public record Response(int status, String body, String contentType, Map<String, String> headers) {
	}

}
