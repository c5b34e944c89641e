package org.xrayspring.sample.sampling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.SamplingStatisticSummary;
import software.amazon.awssdk.services.xray.model.TraceSummary;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.autoconfigure.CentralizedSamplingCustomizer;
import org.xrayspring.console.XRayConsoleApplication;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Centralized sampling end to end, over real sockets: a standalone console (UDP receiver
 * and, at the root of its HTTP port, the X-Ray API with the sampling operations) and an
 * application with the starter whose daemon address names both ({@code udp:... tcp:...}).
 * The application's local rules sample nothing, the console's {@code Default} rule
 * neither; a rule created through the AWS SDK v2 {@code XRayClient} makes the application
 * sample the requests it matches, its statistics reach GetSamplingStatisticSummaries;
 * with the console stopped the application keeps serving and, once the fetched rules
 * expire, its local rules decide again; with the console back, the rules are picked up
 * again. The targets interval (300 ms) and the rules lifetime (3 s) are shortened through
 * a {@link CentralizedSamplingCustomizer}; the rules interval keeps its 5 minutes, so a
 * new rule arrives through GetSamplingTargets' {@code LastRuleModification}. Every wait
 * polls with a generous timeout.
 */
class CentralizedSamplingEndToEndTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final int udpPort = freeUdpPort();

	private ConfigurableApplicationContext console;

	private ConfigurableApplicationContext application;

	private XRayClient xray;

	@AfterEach
	void close() {
		if (this.xray != null) {
			this.xray.close();
		}
		if (this.application != null) {
			this.application.close();
		}
		if (this.console != null) {
			this.console.close();
		}
	}

	@Test
	void aRuleCreatedInTheConsoleDecidesWhatTheApplicationSamplesUntilTheConsoleGoesAway() throws Exception {
		this.console = startConsole(0);
		int consolePort = port(this.console);
		this.xray = xrayClient(consolePort);
		this.application = startApplication(consolePort);
		int appPort = port(this.application);
		XRayRecorder recorder = this.application.getBean(XRayRecorder.class);
		await().atMost(TIMEOUT).until(() -> recorder.counters().get("sampling.rules.active") == 1L);
		// the console's Default rule samples nothing, and neither do the local rules
		for (int i = 0; i < 5; i++) {
			assertThat(sampled(appPort, "/checkout")).isFalse();
		}

		Instant start = Instant.now().minusSeconds(5);
		createCheckoutRule();
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> sampled(appPort, "/checkout"));
		assertThat(sampled(appPort, "/browse")).isFalse();
		// only GetSamplingTargets' LastRuleModification can have brought the rule this
		// soon (rules every 5 min)
		assertThat(recorder.counters().get("sampling.rules.fetches")).isGreaterThanOrEqualTo(2L);

		// the sampled segment reached the console and names the rule that sampled it
		await().atMost(TIMEOUT).untilAsserted(() -> {
			List<String> ids = this.xray
				.getTraceSummaries((request) -> request.startTime(start).endTime(Instant.now().plusSeconds(5)))
				.traceSummaries()
				.stream()
				.map(TraceSummary::id)
				.toList();
			assertThat(ids).isNotEmpty();
			List<String> documents = this.xray.batchGetTraces((request) -> request.traceIds(ids))
				.traces()
				.stream()
				.flatMap((trace) -> trace.segments().stream())
				.map((segment) -> segment.document())
				.toList();
			// every document the application sent, as the console stored it, passes AWS's
			// schema
			documents.forEach(XRayDocuments::assertValidDocument);
			assertThat(documents).anySatisfy(
					(document) -> assertThat(document).contains("\"rule_name\":\"checkout\"").contains("/checkout"));
		});

		// the application's counts per rule reach the console's statistics
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			sampled(appPort, "/checkout");
			List<SamplingStatisticSummary> summaries = this.xray.getSamplingStatisticSummaries((request) -> {
			}).samplingStatisticSummaries();
			assertThat(summaries).anySatisfy((summary) -> {
				assertThat(summary.ruleName()).isEqualTo("checkout");
				assertThat(summary.requestCount()).isPositive();
				assertThat(summary.sampledCount()).isPositive();
			});
		});

		// console gone: the application keeps serving, and once the rules expire its
		// local rules decide
		this.console.close();
		this.console = null;
		await().atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !sampled(appPort, "/checkout") && recorder.counters().get("sampling.rules.active") == 0L);
		assertThat(recorder.counters().get("sampling.failures")).isPositive();
		for (int i = 0; i < 5; i++) {
			assertThat(sampled(appPort, "/checkout")).isFalse();
		}

		// console back on the same port (its rules are in memory: created again), the
		// rules are picked up
		this.console = startConsole(consolePort);
		createCheckoutRule();
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> sampled(appPort, "/checkout"));
		assertThat(recorder.counters().get("sampling.rules.active")).isEqualTo(2L);
	}

	private void createCheckoutRule() {
		this.xray.createSamplingRule((request) -> request.samplingRule((rule) -> rule.ruleName("checkout")
			.priority(1)
			.fixedRate(1.0)
			.reservoirSize(0)
			.serviceName("shop")
			.serviceType("*")
			.host("*")
			.httpMethod("GET")
			.urlPath("/checkout")
			.resourceARN("*")
			.version(1)));
	}

	/**
	 * Sends a request asking for the sampling decision ({@code Sampled=?}), which the
	 * response reports.
	 */
	private boolean sampled(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("X-Amzn-Trace-Id", "Sampled=?")
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		String header = response.headers().firstValue("X-Amzn-Trace-Id").orElseThrow();
		assertThat(header).containsPattern("Sampled=[01]");
		return header.contains("Sampled=1");
	}

	private ConfigurableApplicationContext startConsole(int httpPort) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.config.name", "centralized-sampling-console");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.application.name", "xray-console");
		properties.put("spring.sql.init.mode", "never");
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", String.valueOf(httpPort));
		properties.put("xray.enabled", "false");
		properties.put("xray.console.enabled", "true");
		properties.put("xray.console.base-path", "");
		properties.put("xray.console.udp-address", "127.0.0.1:" + this.udpPort);
		properties.put("xray.console.sampling.default-fixed-rate", "0");
		properties.put("xray.console.sampling.default-reservoir-size", "0");
		return new SpringApplicationBuilder(XRayConsoleApplication.class).properties(properties).run();
	}

	private ConfigurableApplicationContext startApplication(int consolePort) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("spring.config.name", "centralized-sampling-shop");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.application.name", "shop");
		properties.put("spring.sql.init.mode", "never");
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", "0");
		properties.put("xray.aws.environment", "none");
		properties.put("xray.daemon-address", "udp:127.0.0.1:" + this.udpPort + " tcp:127.0.0.1:" + consolePort);
		// local rules that sample nothing: every sampled request was sampled by a
		// centralized rule
		properties.put("xray.sampling.fixed-target", "0");
		properties.put("xray.sampling.rate", "0");
		return new SpringApplicationBuilder(ShopApplication.class).properties(properties).run();
	}

	private static XRayClient xrayClient(int port) {
		return XRayClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static int freeUdpPort() {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An application with the starter, two endpoints and short sampling intervals.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(ShopController.class)
	static class ShopApplication {

		@Bean
		CentralizedSamplingCustomizer shortSamplingIntervals() {
			return (builder) -> builder.targetsInterval(Duration.ofMillis(300)).rulesLifetime(Duration.ofSeconds(3));
		}

	}

	@RestController
	static class ShopController {

		@GetMapping("/checkout")
		String checkout() {
			return "checked out";
		}

		@GetMapping("/browse")
		String browse() {
			return "browsing";
		}

	}

}
