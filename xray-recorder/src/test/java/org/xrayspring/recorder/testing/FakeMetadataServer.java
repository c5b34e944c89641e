package org.xrayspring.recorder.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP server (127.0.0.1, ephemeral port) that answers like the EC2 instance
 * metadata service (IMDSv2: no read without a session token from
 * {@code PUT /latest/api/token}) and like the ECS task metadata endpoint v4 (under
 * {@code /v4/container}). It records every request; it can also answer garbage, or never
 * answer.
 */
public final class FakeMetadataServer implements AutoCloseable {

	/** The session token it hands out. */
	public static final String TOKEN = "AQAEAFakeToken-for-tests==";

	/** How it answers. */
	public enum Mode {

		/** Like the real endpoints. */
		REAL,

		/** 200 with a body that is not JSON. */
		GARBAGE,

		/** Accepts the connection and never answers (until closed). */
		SILENT

	}

	/** The instance identity document. */
	public static final String IDENTITY_DOCUMENT = """
			{"accountId":"123456789012","architecture":"x86_64","availabilityZone":"eu-west-1b",
			"imageId":"ami-0abcdef1234567890","instanceId":"i-0123456789abcdef0","instanceType":"m5.large",
			"privateIp":"10.0.0.12","region":"eu-west-1","version":"2017-09-30"}""";

	/** The container document of the ECS endpoint. */
	public static final String CONTAINER_DOCUMENT = """
			{"DockerId":"cd189a933e5849daa93386466019ab50-2495160603","Name":"app","DockerName":"app",
			"Image":"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1","Labels":{},"DesiredStatus":"RUNNING",
			"KnownStatus":"RUNNING","Type":"NORMAL","LogDriver":"awslogs",
			"LogOptions":{"awslogs-create-group":"true","awslogs-group":"/ecs/app","awslogs-region":"eu-west-1",
			"awslogs-stream":"ecs/app/cd189a933e5849daa93386466019ab50"},
			"ContainerARN":"arn:aws:ecs:eu-west-1:123456789012:container/prod/cd189a933e5849daa93386466019ab50/1b2c",
			"Networks":[{"NetworkMode":"awsvpc","IPv4Addresses":["10.0.2.106"]}]}""";

	/** The task document of the ECS endpoint. */
	public static final String TASK_DOCUMENT = """
			{"Cluster":"arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
			"TaskARN":"arn:aws:ecs:eu-west-1:123456789012:task/prod/cd189a933e5849daa93386466019ab50",
			"Family":"app","Revision":"3","DesiredStatus":"RUNNING","KnownStatus":"RUNNING",
			"LaunchType":"FARGATE","AvailabilityZone":"eu-west-1a","Containers":[]}""";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	private volatile Mode mode = Mode.REAL;

	public FakeMetadataServer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Sets how it answers from now on.
	 * @param mode the mode
	 * @return this server
	 */
	public FakeMetadataServer mode(Mode mode) {
		this.mode = mode;
		return this;
	}

	/**
	 * The base URI, for {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}.
	 * @return e.g. {@code http://127.0.0.1:40123}
	 */
	public String endpoint() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * The container URI, for {@code ECS_CONTAINER_METADATA_URI_V4}.
	 * @return the URI
	 */
	public String ecsUri() {
		return endpoint() + "/v4/container";
	}

	/**
	 * Every request so far as {@code METHOD path}.
	 * @return the requests
	 */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String method = exchange.getRequestMethod();
		this.requests.add(method + " " + path);
		try (exchange) {
			if (this.mode == Mode.SILENT) {
				this.closing.await(30, TimeUnit.SECONDS);
				return;
			}
			if (this.mode == Mode.GARBAGE) {
				respond(exchange, 200, "<html>not metadata {");
				return;
			}
			if (path.equals("/latest/api/token")) {
				String ttl = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
				if (!method.equals("PUT") || ttl == null) {
					respond(exchange, 400, "");
				}
				else {
					respond(exchange, 200, TOKEN);
				}
			}
			else if (path.startsWith("/latest/")) {
				if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
					respond(exchange, 401, "");
				}
				else if (path.equals("/latest/dynamic/instance-identity/document")) {
					respond(exchange, 200, IDENTITY_DOCUMENT);
				}
				else {
					respond(exchange, 404, "");
				}
			}
			else if (path.equals("/v4/container")) {
				respond(exchange, 200, CONTAINER_DOCUMENT);
			}
			else if (path.equals("/v4/container/task")) {
				respond(exchange, 200, TASK_DOCUMENT);
			}
			else {
				respond(exchange, 404, "");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
