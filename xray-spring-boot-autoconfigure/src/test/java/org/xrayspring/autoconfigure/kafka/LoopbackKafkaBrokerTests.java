package org.xrayspring.autoconfigure.kafka;

import java.net.InetAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test broker on its own, without tracing: it binds and advertises loopback only, and
 * a real {@link KafkaTemplate} reaches a real {@link KafkaListener} through it.
 */
class LoopbackKafkaBrokerTests {

	private static final String TOPIC = "round-trip-" + UUID.randomUUID();

	private static LoopbackKafkaBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = LoopbackKafkaBroker.shared();
		broker.createTopics(TOPIC);
	}

	@Test
	void bindsAndAdvertisesLoopbackOnly() throws Exception {
		assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).isNotEmpty()
				.allSatisfy((node) -> assertThat(node.host()).isEqualTo("127.0.0.1"));
		}
		for (int port : broker.ports()) {
			assertThat(ListeningSockets.boundAddresses(port)).isNotEmpty()
				.allSatisfy((address) -> assertThat(address).isEqualTo(InetAddress.getByName("127.0.0.1")));
		}
	}

	@Test
	void templateReachesListener() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PropertyPlaceholderAutoConfiguration.class, KafkaAutoConfiguration.class))
			.withUserConfiguration(Receiver.class)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
					"spring.kafka.consumer.auto-offset-reset=earliest", "spring.kafka.consumer.group-id=round-trip",
					"round-trip.topic=" + TOPIC)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				@SuppressWarnings("unchecked")
				KafkaTemplate<String, String> template = context.getBean(KafkaTemplate.class);
				template.send(TOPIC, "hello").get(30, TimeUnit.SECONDS);
				assertThat(context.getBean(Receiver.class).received.poll(60, TimeUnit.SECONDS)).isEqualTo("hello");
			});
	}

	static class Receiver {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@KafkaListener(topics = "${round-trip.topic}")
		void receive(String value) {
			this.received.add(value);
		}

	}

}
