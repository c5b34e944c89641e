package org.xrayspring.console.config;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.xrayspring.console.receiver.XRayConsoleReceiver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console embedded in a host application: closing the host's context stops every
 * thread the console started (its receiver's reader and processor included), also after
 * it received segments and while relaying them.
 *
 * @author xray-spring-boot
 */
class XRayConsoleLifecycleTests {

	private static final String SEGMENT = "{\"name\":\"svc\",\"id\":\"70de5b6f19ff9a0a\","
			+ "\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1.478293361271E9,"
			+ "\"end_time\":1.478293361449E9}";

	@Test
	void closingTheHostApplicationStopsEveryThreadTheConsoleStarted() throws Exception {
		try (DatagramSocket upstream = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
			ConfigurableApplicationContext context = new SpringApplication(HostApplication.class).run("--server.port=0",
					"--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--xray.console.enabled=true",
					"--xray.console.udp-address=127.0.0.1:0",
					"--xray.console.relay-address=127.0.0.1:" + upstream.getLocalPort());
			try {
				XRayConsoleReceiver receiver = context.getBean(XRayConsoleReceiver.class);
				InetSocketAddress address = receiver.getLocalAddress();
				byte[] datagram = ("{\"format\":\"json\",\"version\":1}\n" + SEGMENT).getBytes(StandardCharsets.UTF_8);
				try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
					client.send(new DatagramPacket(datagram, datagram.length, address));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> receiver.getCounters().getAccepted() == 1);
				assertThat(startedSince(before)).contains("xray-console-udp", "xray-console-processor");
			}
			finally {
				context.close();
			}
			await("threads the console started to end").atMost(Duration.ofSeconds(10))
				.pollInSameThread()
				.untilAsserted(() -> assertThat(startedSince(before)).isEmpty());
		}
	}

	private static List<String> startedSince(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			.toList();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HostApplication {

	}

}
