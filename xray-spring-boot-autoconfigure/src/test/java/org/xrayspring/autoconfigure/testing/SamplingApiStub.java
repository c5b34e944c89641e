package org.xrayspring.autoconfigure.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The X-Ray sampling API on a loopback ephemeral port: {@code /GetSamplingRules} answers
 * one rule, {@code Default}, sampling everything; {@code /SamplingTargets} answers no
 * targets. Records the paths it was asked for.
 */
public final class SamplingApiStub implements AutoCloseable {

	private static final String RULES = """
			{"SamplingRuleRecords": [{"SamplingRule": {"RuleName": "Default", "ResourceARN": "*", "Priority": 10000,
			"FixedRate": 1.0, "ReservoirSize": 0, "ServiceName": "*", "ServiceType": "*", "Host": "*",
			"HTTPMethod": "*", "URLPath": "*", "Version": 1, "Attributes": {}}}]}""";

	private final HttpServer server;

	private final List<String> paths = new CopyOnWriteArrayList<>();

	public SamplingApiStub() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	public List<String> paths() {
		return List.copyOf(this.paths);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			try (InputStream in = exchange.getRequestBody()) {
				in.readAllBytes();
			}
			String path = exchange.getRequestURI().getPath();
			this.paths.add(path);
			String body = switch (path) {
				case "/GetSamplingRules" -> RULES;
				case "/SamplingTargets" -> "{\"SamplingTargetDocuments\": [], \"UnprocessedStatistics\": []}";
				default -> null;
			};
			if (body == null) {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
