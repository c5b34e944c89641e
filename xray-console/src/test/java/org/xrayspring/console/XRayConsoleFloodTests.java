package org.xrayspring.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xrayspring.console.receiver.ReceiverCounters;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.store.StoredTrace;
import org.xrayspring.console.store.TraceStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of large datagrams, each a new trace, over real UDP into a console with a small
 * byte budget: the store stays within it, evicting the oldest traces and counting them,
 * and the API and the UI keep answering.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "xray.console.enabled=true",
		"xray.console.udp-address=127.0.0.1:0", "xray.console.max-store-size=4MB" })
class XRayConsoleFloodTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private XRayConsoleReceiver receiver;

	@Autowired
	private TraceStore store;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void storeStaysWithinItsByteBudgetAndTheConsoleKeepsAnswering() throws Exception {
		List<byte[]> datagrams = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			datagrams.add(TestDocuments.datagram(TestDocuments.largeSegment(60_000, i % 2 == 0)));
		}
		// About 18 MB of text, over 100 MB parsed: many times the 4 MB budget.
		TestDocuments.sendAll(this.receiver.getLocalAddress(), datagrams);
		ReceiverCounters counters = this.receiver.getCounters();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.receiver.getQueued() == 0
					&& counters.getAccepted() + counters.getRejected() == counters.getReceived());
		TraceStore.Stats stats = this.store.getStats();
		assertThat(counters.getAccepted()).as("accepted").isGreaterThan(50);
		assertThat(stats.bytes()).isPositive().isLessThanOrEqualTo(4L << 20);
		assertThat(stats.evictedForBytes()).isPositive();
		assertThat(stats.evictedForBytes() + stats.traces()).isEqualTo(counters.getAccepted());
		assertThat(this.store.getTraces().stream().mapToLong(StoredTrace::getRetainedSize).sum())
			.isEqualTo(stats.bytes());

		JsonNode status = MAPPER.readTree(get("/xray/console/status").body());
		assertThat(status.path("store").path("bytes").asLong()).isEqualTo(this.store.getStats().bytes());
		assertThat(status.path("store").path("maxBytes").asLong()).isEqualTo(4L << 20);
		assertThat(status.path("store").path("evictedByReason").path("max-store-size").asLong())
			.isEqualTo(stats.evictedForBytes());
		double now = TestDocuments.now();
		HttpResponse<String> summaries = post("/xray/TraceSummaries",
				"{\"StartTime\":" + (now - 600) + ",\"EndTime\":" + (now + 600) + "}");
		assertThat(summaries.statusCode()).isEqualTo(200);
		assertThat(MAPPER.readTree(summaries.body()).path("TraceSummaries").size()).isEqualTo(stats.traces());
		String newest = this.store.getTraces().get(0).getTraceId();
		HttpResponse<String> traces = post("/xray/Traces", "{\"TraceIds\":[\"" + newest + "\"]}");
		assertThat(traces.statusCode()).isEqualTo(200);
		assertThat(traces.body()).contains(newest);
		assertThat(post("/xray/ServiceGraph", "{\"StartTime\":" + (now - 600) + ",\"EndTime\":" + (now + 600) + "}")
			.statusCode()).isEqualTo(200);
		assertThat(get("/xray/").statusCode()).isEqualTo(200);
		batchGetTracesAnswersInPagesOfBoundedSize(stats.maxTraceBytes());
	}

	private void batchGetTracesAnswersInPagesOfBoundedSize(long pageBudget) throws Exception {
		List<String> held = this.store.getTraces().stream().map(StoredTrace::getTraceId).limit(100).toList();
		String newest = held.get(0);
		JsonNode repeated = MAPPER.readTree(post("/xray/Traces",
				"{\"TraceIds\":" + MAPPER.writeValueAsString(Collections.nCopies(100, newest)) + "}")
			.body());
		assertThat(repeated.path("Traces").size()).isEqualTo(1);
		List<String> returned = new ArrayList<>();
		String token = null;
		do {
			String request = "{\"TraceIds\":" + MAPPER.writeValueAsString(held)
					+ ((token != null) ? ",\"NextToken\":\"" + token + "\"" : "") + "}";
			HttpResponse<String> response = post("/xray/Traces", request);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode page = MAPPER.readTree(response.body());
			long pageBytes = 0;
			for (JsonNode trace : page.path("Traces")) {
				returned.add(trace.path("Id").stringValue());
				pageBytes += this.store.get(trace.path("Id").stringValue()).getRetainedSize();
			}
			assertThat(page.path("Traces").size() == 1 || pageBytes <= pageBudget).as("page of %s bytes", pageBytes)
				.isTrue();
			token = page.path("NextToken").isString() ? page.path("NextToken").stringValue() : null;
		}
		while (token != null);
		assertThat(returned).containsExactlyElementsOf(held);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
