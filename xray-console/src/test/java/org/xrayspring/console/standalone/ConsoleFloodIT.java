package org.xrayspring.console.standalone;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xrayspring.console.TestDocuments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The flood of issue 9: 4,000 datagrams of about 60 KB, each a new trace, sent to the
 * standalone console jar running with a 256 MB heap (before the byte budget this killed
 * its threads with {@code OutOfMemoryError}). The process must stay alive, the UI and the
 * API must answer during and after the flood, the store must stay within its default
 * budget with the evictions counted, and the log must show no {@code OutOfMemoryError}.
 *
 * @author xray-spring-boot
 */
class ConsoleFloodIT {

	private static final int DATAGRAMS = 4_000;

	private static final long DEFAULT_BUDGET = 64L << 20;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static StandaloneConsole console;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@BeforeAll
	static void start() {
		console = StandaloneConsole.start("flood", List.of("-Xmx256m"), List.of());
	}

	@AfterAll
	static void stop() {
		if (console != null) {
			console.close();
		}
	}

	@Test
	void survivesAFloodOfLargeNewTracesWithinItsBudget() throws Exception {
		// Half with many small subsegments (a parsed form about 8 times the text), half
		// one long string.
		CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
			for (int batch = 0; batch < DATAGRAMS / 100; batch++) {
				List<byte[]> datagrams = new ArrayList<>(100);
				for (int i = 0; i < 100; i++) {
					datagrams.add(TestDocuments.datagram(TestDocuments.largeSegment(60_000, i % 2 == 0)));
				}
				TestDocuments.sendAll(console.udpAddress(), datagrams);
			}
		});
		int answeredDuringFlood = 0;
		while (!flood.isDone()) {
			assertAnswers();
			answeredDuringFlood++;
		}
		flood.get(5, TimeUnit.MINUTES);
		assertThat(answeredDuringFlood).isPositive();
		JsonNode status = await().atMost(Duration.ofMinutes(2)).until(this::status, (current) -> {
			JsonNode receiver = current.path("receiver");
			return receiver.path("queued").asLong() == 0 && receiver.path("accepted").asLong()
					+ receiver.path("rejected").asLong() == receiver.path("received").asLong();
		});
		JsonNode store = status.path("store");
		String described = "status " + status;
		// Most datagrams reach it; what the parser cannot keep up with is dropped as
		// queue-full and counted.
		assertThat(status.path("receiver").path("received").asLong()).as(described).isGreaterThan(1_000);
		assertThat(store.path("maxBytes").asLong()).as(described).isEqualTo(DEFAULT_BUDGET);
		assertThat(store.path("bytes").asLong()).as(described).isPositive().isLessThanOrEqualTo(DEFAULT_BUDGET);
		assertThat(store.path("evictedByReason").path("max-store-size").asLong()).as(described).isPositive();
		assertThat(store.path("evictedTraces").asLong() + store.path("traces").asLong()).as(described)
			.isEqualTo(status.path("receiver").path("accepted").asLong());
		assertAnswers();
		assertThat(console.isAlive()).isTrue();
		assertThat(console.log()).doesNotContain("OutOfMemoryError");
	}

	private void assertAnswers() throws Exception {
		HttpResponse<String> ui = this.http.send(
				HttpRequest.newBuilder(console.uri("/")).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(ui.statusCode()).isEqualTo(200);
		double now = TestDocuments.now();
		HttpResponse<String> summaries = this.http.send(HttpRequest.newBuilder(console.uri("/TraceSummaries"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"StartTime\":" + (now - 600) + ",\"EndTime\":" + (now + 60) + "}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(summaries.statusCode()).isEqualTo(200);
		assertThat(MAPPER.readTree(summaries.body()).has("TraceSummaries")).isTrue();
	}

	private JsonNode status() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(console.uri("/console/status")).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return MAPPER.readTree(response.body());
	}

}
