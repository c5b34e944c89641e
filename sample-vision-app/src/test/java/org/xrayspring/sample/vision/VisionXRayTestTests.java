package org.xrayspring.sample.vision;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * The page's trace as a user's test would check it with xray-test: recorded in memory, no
 * daemon or console involved, every document validated against AWS's schema by the
 * assertions.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureXRayTest
class VisionXRayTestTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestPorts.consoleOnFreeUdpPort(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	InMemoryEmitter emitter;

	@Test
	void pageRequestAnalysesTwoImagesWithRekognitionAndStoresTheResults() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		this.emitter.awaitDocuments(1, Duration.ofSeconds(10));

		assertThat(this.emitter).hasTraceCount(1)
			.hasSubsegmentCount(VisionService.SUBSEGMENT_NAME, 2)
			.hasSubsegmentCount("Rekognition", 2)
			.hasSubsegmentCountInNamespace("aws", 2)
			.hasSegmentNamed("vision-sample")
			.hasHttpMethod("GET")
			.hasHttpStatus(200)
			.isNotFault();
		RecordedTraces traces = this.emitter.traces();
		for (RecordedEntity analysis : traces.allNamed(VisionService.SUBSEGMENT_NAME)) {
			assertThat(analysis, traces).isNotFault()
				.hasAnnotation("top_label")
				.hasChildNamed("Rekognition")
				.hasNamespace("aws")
				.hasAws("operation", "DetectLabels");
			assertThat(traces.descendants(analysis)).as("SQL under %s", analysis).anyMatch(RecordedEntity::isSql);
		}
	}

}
