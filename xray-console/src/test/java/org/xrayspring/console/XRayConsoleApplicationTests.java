package org.xrayspring.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.store.TraceStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the standalone console: defaults of {@link XRayConsoleApplication}, UI and API
 * at the root.
 *
 * @author xray-spring-boot
 */
class XRayConsoleApplicationTests {

	@Test
	void standaloneServesUiAndApiAtRootAndReceivesOverUdp() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(XRayConsoleApplication.class)
			.properties(XRayConsoleApplication.DEFAULTS)
			.run("--server.port=0", "--xray.console.udp-address=127.0.0.1:0")) {
			assertThat(context.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> index = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(index.statusCode()).isEqualTo(200);
			assertThat(index.body()).contains("<script type=\"module\" src=\"console.js\"></script>");
			XRayConsoleReceiver receiver = context.getBean(XRayConsoleReceiver.class);
			String traceId = TestDocuments.traceId();
			double now = TestDocuments.now();
			TestDocuments.send(receiver.getLocalAddress(),
					TestDocuments.segment(traceId, TestDocuments.id(), "standalone", now, now + 0.01, ""));
			await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(TraceStore.class).get(traceId) != null);
			try (XRayClient xray = XRayClient.builder()
				.endpointOverride(URI.create("http://127.0.0.1:" + port))
				.region(Region.US_EAST_1)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
				.httpClient(UrlConnectionHttpClient.create())
				.build()) {
				assertThat(xray
					.getTraceSummaries((request) -> request.startTime(Instant.now().minusSeconds(60))
						.endTime(Instant.now().plusSeconds(60)))
					.traceSummaries()).singleElement()
					.satisfies((summary) -> assertThat(summary.id()).isEqualTo(traceId));
				assertThat(xray.getSamplingRules((request) -> {
				}).samplingRuleRecords()).singleElement()
					.satisfies((record) -> assertThat(record.samplingRule().ruleName()).isEqualTo("Default"));
			}
		}
	}

}
