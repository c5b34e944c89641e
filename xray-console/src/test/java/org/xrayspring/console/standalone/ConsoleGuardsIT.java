package org.xrayspring.console.standalone;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xrayspring.console.RawHttp;
import org.xrayspring.console.TestDocuments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone console jar refuses what a web page could send it and bounds what any
 * client sends, over raw sockets: a foreign {@code Host} or {@code Origin}, a write
 * without a JSON content type, a spoofed {@code X-Forwarded-For} under both
 * forward-headers strategies, a deep filter expression and a huge number.
 *
 * @author xray-spring-boot
 */
class ConsoleGuardsIT {

	private static StandaloneConsole console;

	private static StandaloneConsole nativeForwarding;

	@BeforeAll
	static void start() {
		console = StandaloneConsole.start("guards", List.of("-Xmx256m"),
				List.of("--server.forward-headers-strategy=framework"));
		nativeForwarding = StandaloneConsole.start("guards-native", List.of("-Xmx256m"),
				List.of("--server.forward-headers-strategy=native"));
	}

	@AfterAll
	static void stop() {
		if (console != null) {
			console.close();
		}
		if (nativeForwarding != null) {
			nativeForwarding.close();
		}
	}

	@Test
	void foreignHostIsRefusedOnTheApiAndTheUi() {
		for (String path : List.of("/console/status", "/", "/console.js")) {
			RawHttp.Response response = request().get(path)
				.header("Host", "rebound.example:" + console.httpPort())
				.send();
			assertThat(response.status()).as(path).isEqualTo(403);
			assertThat(response.errorType()).isEqualTo("AccessDeniedException");
			assertThat(response.body()).contains("\"__type\":\"AccessDeniedException\"");
		}
		assertThat(request().get("/console/status").header("Host", "localhost:" + console.httpPort()).send().status())
			.isEqualTo(200);
	}

	@Test
	void foreignOriginIsRefused() {
		RawHttp.Response response = request().post("/console/clear", "{}")
			.header("Content-Type", "application/json")
			.header("Origin", "http://evil.example")
			.send();
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.errorType()).isEqualTo("AccessDeniedException");
		assertThat(request().post("/console/clear", "{}")
			.header("Content-Type", "application/json")
			.header("Origin", "http://127.0.0.1:" + console.httpPort())
			.send()
			.status()).isEqualTo(200);
	}

	@Test
	void writeWithoutJsonContentTypeIsRefused() {
		RawHttp.Response response = request().post("/TraceSegments", "{\"TraceSegmentDocuments\":[]}")
			.header("Content-Type", "text/plain")
			.send();
		assertThat(response.status()).isEqualTo(415);
		assertThat(response.errorType()).isEqualTo("UnsupportedMediaTypeException");
	}

	@Test
	void loopbackClientIsDecidedOnItsSocketWhateverXForwardedForSays() {
		for (StandaloneConsole target : List.of(console, nativeForwarding)) {
			RawHttp.Response response = RawHttp.to(target.httpPort())
				.get("/console/status")
				.header("X-Forwarded-For", "203.0.113.9")
				.send();
			assertThat(response.status()).isEqualTo(200);
			assertThat(RawHttp.to(target.httpPort()).get("/").header("Forwarded", "for=203.0.113.9").send().status())
				.isEqualTo(200);
		}
	}

	@Test
	void deepFilterExpressionIsA400() {
		double now = TestDocuments.now();
		RawHttp.Response response = request()
			.post("/TraceSummaries",
					"{\"StartTime\":" + (now - 60) + ",\"EndTime\":" + (now + 60) + ",\"FilterExpression\":\""
							+ "(".repeat(50_000) + "\"}")
			.header("Content-Type", "application/json")
			.send();
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorType()).isEqualTo("InvalidRequestException");
		assertThat(console.log()).doesNotContain("StackOverflowError");
	}

	@Test
	void hugeNumberIsA400() {
		RawHttp.Response response = request()
			.post("/TraceSummaries", "{\"StartTime\":\"0." + "0".repeat(400_000) + "1\",\"EndTime\":4102444800}")
			.header("Content-Type", "application/json")
			.send();
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.errorType()).isEqualTo("InvalidRequestException");
		RawHttp.Response number = request()
			.post("/TraceSummaries", "{\"StartTime\":1,\"EndTime\":" + "9".repeat(400_000) + "}")
			.header("Content-Type", "application/json")
			.send();
		assertThat(number.status()).isEqualTo(400);
		assertThat(console.isAlive()).isTrue();
	}

	private static RawHttp request() {
		return RawHttp.to(console.httpPort());
	}

}
