package org.xrayspring.console.standalone;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xrayspring.console.TestDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone console jar as users run it: the UI at the root, a datagram sent to its
 * UDP port listed by the X-Ray API.
 *
 * @author xray-spring-boot
 */
class StandaloneConsoleIT {

	private static StandaloneConsole console;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		console = StandaloneConsole.start("smoke", List.of("-Xmx256m"), List.of());
	}

	@AfterAll
	static void stop() {
		console.close();
	}

	@Test
	void servesTheUiAndListsATraceItReceivedOverUdp() throws Exception {
		HttpResponse<String> index = this.http.send(HttpRequest.newBuilder(console.uri("/")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.body()).contains("console.js");
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		TestDocuments.send(console.udpAddress(),
				TestDocuments.segment(traceId, TestDocuments.id(), "standalone-it", now, now + 0.01, ""));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			HttpResponse<String> summaries = this.http.send(HttpRequest.newBuilder(console.uri("/TraceSummaries"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"StartTime\":" + (now - 60) + ",\"EndTime\":" + (now + 60) + "}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(summaries.statusCode()).isEqualTo(200);
			assertThat(summaries.body()).contains(traceId);
		});
		assertThat(console.isAlive()).isTrue();
	}

}
