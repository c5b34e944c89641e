package org.xrayspring.autoconfigure.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * A real, single-node Kafka broker (KRaft, broker and controller combined) on loopback
 * only, started from Kafka's own server classes.
 * <p>
 * spring-kafka-test's {@code EmbeddedKafkaKraftBroker} is not used: Kafka's test kit
 * under it pre-binds every listener socket to the wildcard address
 * ({@code new InetSocketAddress(0)} in {@code PreboundSocketFactoryManager}), whatever
 * the {@code listeners} setting says, so that broker would accept connections on every
 * interface. Here both listeners bind {@code 127.0.0.1} and the broker advertises
 * {@code 127.0.0.1}. The ports are ephemeral ports the system hands out on loopback,
 * taken just before the start (KRaft's static quorum needs the controller's port in the
 * configuration, and Kafka does not tell the broker's bound port through its public API).
 */
final class LoopbackKafkaBroker implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static @Nullable LoopbackKafkaBroker shared;

	private final Path directory;

	private final int brokerPort;

	private final int controllerPort;

	private final KafkaRaftServer server;

	private LoopbackKafkaBroker(Path directory, int brokerPort, int controllerPort, KafkaRaftServer server) {
		this.directory = directory;
		this.brokerPort = brokerPort;
		this.controllerPort = controllerPort;
		this.server = server;
	}

	/**
	 * The broker the test classes share (one per test JVM, as a broker takes seconds to
	 * start), started on first use and stopped when the JVM exits. Each test uses topics
	 * of its own.
	 * @return the shared broker
	 */
	static synchronized LoopbackKafkaBroker shared() {
		if (shared == null) {
			LoopbackKafkaBroker broker = start();
			Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "loopback-kafka-broker-stop"));
			shared = broker;
		}
		return shared;
	}

	/**
	 * Formats a fresh log directory and starts a broker on it.
	 * @return the started broker
	 */
	static LoopbackKafkaBroker start() {
		quietServerLogs();
		Path directory = createDirectory();
		try {
			int[] ports = freeLoopbackPorts(2);
			int brokerPort = ports[0];
			int controllerPort = ports[1];
			String logDir = directory.toString();
			Properties properties = new Properties();
			properties.put("process.roles", "broker,controller");
			properties.put("node.id", "1");
			properties.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
			properties.put("listeners",
					"PLAINTEXT://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
			properties.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
			properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
			properties.put("controller.listener.names", "CONTROLLER");
			properties.put("inter.broker.listener.name", "PLAINTEXT");
			properties.put("log.dirs", logDir);
			properties.put("num.partitions", "1");
			properties.put("offsets.topic.replication.factor", "1");
			properties.put("offsets.topic.num.partitions", "1");
			properties.put("transaction.state.log.replication.factor", "1");
			properties.put("transaction.state.log.min.isr", "1");
			properties.put("share.coordinator.state.topic.replication.factor", "1");
			properties.put("share.coordinator.state.topic.min.isr", "1");
			properties.put("group.initial.rebalance.delay.ms", "0");
			properties.put("log.cleaner.dedupe.buffer.size", "2097152");
			properties.put("auto.create.topics.enable", "false");
			KafkaConfig config = KafkaConfig.fromProps(properties, false);
			new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
				.setNodeId(1)
				.setClusterId(Uuid.randomUuid().toString())
				.setDirectories(List.of(logDir))
				.setMetadataLogDirectory(logDir)
				.setControllerListenerName("CONTROLLER")
				.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
				.run();
			KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
			server.startup();
			LoopbackKafkaBroker broker = new LoopbackKafkaBroker(directory, brokerPort, controllerPort, server);
			broker.awaitReady();
			return broker;
		}
		catch (Exception ex) {
			delete(directory);
			throw new IllegalStateException("Could not start a Kafka broker on loopback", ex);
		}
	}

	/**
	 * The broker's own INFO logging (its whole configuration, every state change) would
	 * bury the test output.
	 */
	private static void quietServerLogs() {
		LoggingSystem logging = LoggingSystem.get(LoopbackKafkaBroker.class.getClassLoader());
		for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
			logging.setLogLevel(logger, LogLevel.WARN);
		}
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("xray-kafka-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int[] freeLoopbackPorts(int count) throws IOException {
		ServerSocket[] sockets = new ServerSocket[count];
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket();
				sockets[i].setReuseAddress(true);
				sockets[i].bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : sockets) {
				if (socket != null) {
					socket.close();
				}
			}
		}
	}

	private void awaitReady() throws Exception {
		// the broker is ready once it answers with itself as a live node
		try (Admin admin = admin()) {
			admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
		}
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000));
	}

	/**
	 * The address clients bootstrap from.
	 * @return {@code 127.0.0.1:port}
	 */
	String bootstrapServers() {
		return LOOPBACK + ":" + this.brokerPort;
	}

	/**
	 * The ports the broker listens on.
	 * @return the client port and the controller port
	 */
	List<Integer> ports() {
		return List.of(this.brokerPort, this.controllerPort);
	}

	/**
	 * Creates topics with one partition each.
	 * @param names the topic names
	 */
	void createTopics(String... names) {
		try (Admin admin = admin()) {
			admin.createTopics(Stream.of(names).map((name) -> new NewTopic(name, 1, (short) 1)).toList())
				.all()
				.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create topics", ex);
		}
	}

	@Override
	public void close() {
		try {
			this.server.shutdown();
			this.server.awaitShutdown();
		}
		finally {
			delete(this.directory);
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind is harmless
		}
	}

}
