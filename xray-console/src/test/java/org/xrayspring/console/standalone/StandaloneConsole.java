package org.xrayspring.console.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone console jar ({@code target/xray-console-<version>.jar}, as a user runs
 * it with {@code java -jar}) started as a child process on free loopback ports, for
 * integration tests that need the real artifact over real sockets: a separate JVM with
 * its own heap limit, so a test can prove that a flood cannot exhaust it.
 * <p>
 * Run by failsafe in the {@code verify} phase, after the jar is built; the jar's path
 * comes from the {@code xray.console.jar} system property. Output goes to
 * {@code target/standalone-logs/<name>.log}.
 *
 * @author xray-spring-boot
 */
public final class StandaloneConsole implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Process process;

	private final Path log;

	private final int httpPort;

	private final int udpPort;

	private StandaloneConsole(Process process, Path log, int httpPort, int udpPort) {
		this.process = process;
		this.log = log;
		this.httpPort = httpPort;
		this.udpPort = udpPort;
	}

	/**
	 * Start the standalone console and wait until its HTTP side answers.
	 * @param name the name of the log file
	 * @param jvmArguments JVM arguments, for example {@code -Xmx256m}
	 * @param applicationArguments more {@code --property=value} arguments
	 * @return the running console
	 */
	public static StandaloneConsole start(String name, List<String> jvmArguments, List<String> applicationArguments) {
		String jar = System.getProperty("xray.console.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("The standalone console jar is missing (" + jar
					+ "): run this test with failsafe in the verify phase");
		}
		int httpPort = freeTcpPort();
		int udpPort = freeUdpPort();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArguments);
		command.add("-jar");
		command.add(jar);
		command.add("--server.port=" + httpPort);
		command.add("--xray.console.udp-address=127.0.0.1:" + udpPort);
		command.addAll(applicationArguments);
		try {
			Path logs = Files.createDirectories(Path.of("target", "standalone-logs"));
			Path log = logs.resolve(name + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			StandaloneConsole console = new StandaloneConsole(process, log, httpPort, udpPort);
			console.awaitStarted();
			return console;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitStarted() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The standalone console exited with " + this.process.exitValue()
						+ " before it answered:\n" + log());
			}
			try {
				HttpResponse<Void> response = http.send(
						HttpRequest.newBuilder(uri("/console/status")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			sleep(200);
		}
		close();
		throw new IllegalStateException(
				"The standalone console did not answer within " + START_TIMEOUT + ":\n" + log());
	}

	/**
	 * The URI of a path on the console's HTTP side.
	 * @param path the path, starting with {@code /}
	 * @return {@code http://127.0.0.1:<port><path>}
	 */
	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.httpPort + path);
	}

	/**
	 * The console's HTTP port on 127.0.0.1.
	 * @return the port
	 */
	public int httpPort() {
		return this.httpPort;
	}

	/**
	 * The console's UDP receiver address.
	 * @return 127.0.0.1 and the receiver's port
	 */
	public InetSocketAddress udpAddress() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.udpPort);
	}

	/**
	 * Whether the console's process is still running.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Everything the console has written to standard output and error so far.
	 * @return the log text
	 */
	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static int freeTcpPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freeUdpPort() {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
