package org.xrayspring.sample.vision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged sample the way its README says a user would: {@code java -jar} on the
 * executable jar that {@code ./mvnw package} leaves in {@code target/}, with its
 * defaults, except for the ports (free ones, found here, so the test never meets a real
 * daemon or another test). It requests {@code /} and reads the request's trace back from
 * the embedded console. Failsafe runs it in the {@code integration-test} phase, after the
 * jar exists.
 */
class VisionExecutableJarIT {

	private static final Duration STARTUP = Duration.ofSeconds(180);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void executableJarServesThePageAndTracesItIntoTheEmbeddedConsole() throws Exception {
		Path jar = Paths
			.get(System.getProperty("vision.executable-jar", "target/sample-vision-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).isRegularFile();
		int port = freeTcpPort();
		String udpAddress = "127.0.0.1:" + TestPorts.freeUdpPort();
		Path log = jar.toAbsolutePath().resolveSibling("executable-jar-it.log");
		Process process = new ProcessBuilder(javaExecutable(), "-jar", jar.toString(), "--server.port=" + port,
				"--server.address=127.0.0.1", "--xray.console.udp-address=" + udpAddress,
				"--xray.daemon-address=" + udpAddress)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitAnswer(process, port, log);
			HttpResponse<String> page = this.http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(page.statusCode()).as(() -> output(log)).isEqualTo(200);
			String traceId = page.headers()
				.firstValue("X-Amzn-Trace-Id")
				.orElseThrow()
				.replaceFirst("^Root=([^;]+).*$", "$1");
			assertThat(page.body()).contains(traceId);
			ConsoleTrace trace = ConsoleTrace.read(port, traceId, 1);
			List<JsonNode> pages = trace.segments()
				.stream()
				.filter((segment) -> segment.path("parent_id").isMissingNode())
				.toList();
			assertThat(pages).singleElement().satisfies((segment) -> {
				assertThat(segment.path("name").asString()).isEqualTo("vision-sample");
				assertThat(ConsoleTrace.url(segment)).isEqualTo("http://127.0.0.1:" + port + "/");
			});
			assertThat(trace.all((entity) -> VisionService.SUBSEGMENT_NAME.equals(entity.path("name").asString())))
				.hasSize(2);
		}
		finally {
			stop(process);
		}
	}

	private void awaitAnswer(Process process, int port, Path log) {
		Awaitility.await()
			.atMost(STARTUP)
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptionsInstanceOf(IOException.class)
			.until(() -> {
				assertThat(process.isAlive()).as(() -> "the jar exited:\n" + output(log)).isTrue();
				HttpResponse<Void> response = this.http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/xray/console/status")).build(),
						HttpResponse.BodyHandlers.discarding());
				return response.statusCode() == 200;
			});
	}

	private static void stop(Process process) throws InterruptedException {
		process.descendants().forEach(ProcessHandle::destroy);
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static String javaExecutable() {
		return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freeTcpPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String output(Path log) {
		try {
			String text = Files.readString(log);
			return (text.length() > 20_000) ? text.substring(text.length() - 20_000) : text;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
