package org.xrayspring.starter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * What a user of the starter writes with xray-test: {@link AutoConfigureXRayTest}
 * replaces the UDP emitter with an {@link InMemoryEmitter} and samples every request,
 * although this application's own settings sample none ({@code xray.sampling.rate=0},
 * {@code fixed-target=0}); each test sees only its own trace.
 */
@SpringBootTest(classes = AutoConfigureXRayTestStarterTests.OrdersApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=orders", "xray.sampling.fixed-target=0", "xray.sampling.rate=0" })
@AutoConfigureXRayTest
class AutoConfigureXRayTestStarterTests {

	@LocalServerPort
	int port;

	@Autowired
	InMemoryEmitter emitter;

	@Test
	void recorderEmitsToTheInMemoryEmitter(@Autowired XRayRecorder recorder, @Autowired Emitter emitter) {
		assertThat(recorder.getEmitter()).isSameAs(this.emitter);
		assertThat(emitter).isSameAs(this.emitter);
	}

	@Test
	void requestProducesItsSegmentWithTheCapturedSubsegment() throws Exception {
		assertThat(get("/orders/42")).isEqualTo(200);
		this.emitter.awaitDocuments(1, Duration.ofSeconds(10));
		assertThat(this.emitter).hasTraceCount(1)
			.hasSegmentNamed("orders")
			.hasHttpMethod("GET")
			.hasHttpStatus(200)
			.isNotFault()
			.hasChildNamed("OrderController.find")
			.hasAnnotation("order_id", 42);
	}

	@Test
	void failedRequestIsAFault() throws Exception {
		assertThat(get("/orders/-1")).isEqualTo(500);
		this.emitter.awaitDocuments(1, Duration.ofSeconds(10));
		assertThat(this.emitter).hasTraceCount(1)
			.hasSegmentNamed("orders")
			.hasHttpStatus(500)
			.isFault()
			.hasChildNamed("OrderController.find")
			.isFault()
			.hasException(IllegalArgumentException.class);
	}

	private int get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OrderController.class)
	static class OrdersApplication {

	}

	@RestController
	static class OrderController {

		private final XRayRecorder recorder;

		OrderController(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		@GetMapping("/orders/{id}")
		@XRayCapture
		public String find(@PathVariable long id) {
			if (id < 0) {
				throw new IllegalArgumentException("no such order");
			}
			this.recorder.putAnnotation("order_id", id);
			return "order " + id;
		}

	}

}
