package org.xrayspring.sample.vision.rekognition;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xrayspring.sample.vision.TestPorts;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.Label;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the local DetectLabels endpoint, through the AWS SDK's own
 * {@link RekognitionClient}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class LocalRekognitionEndpointTests {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestPorts.consoleOnFreeUdpPort(registry);
	}

	@LocalServerPort
	int port;

	private RekognitionClient client;

	@BeforeEach
	void createClient() {
		this.client = RekognitionClient.builder()
			.httpClient(UrlConnectionHttpClient.create())
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.endpointOverride(URI.create("http://127.0.0.1:" + this.port + "/local-aws/rekognition"))
			.build();
	}

	@AfterEach
	void closeClient() {
		this.client.close();
	}

	@Test
	void detectLabelsAnswersTheComputedLabels() throws IOException {
		byte[] image = bundled("Dune.jpg");
		DetectLabelsResponse response = this.client
			.detectLabels((request) -> request.image((i) -> i.bytes(SdkBytes.fromByteArray(image))));
		List<DetectedLabel> expected = LabelComputer.labels(ImageIO.read(new java.io.ByteArrayInputStream(image)))
			.stream()
			.filter((label) -> label.confidence() >= 55)
			.toList();
		assertThat(response.labelModelVersion()).isEqualTo("3.0");
		assertThat(response.labels()).extracting(Label::name)
			.containsExactlyElementsOf(expected.stream().map(DetectedLabel::name).toList());
		assertThat(response.labels()).extracting(Label::confidence)
			.containsExactlyElementsOf(expected.stream().map(DetectedLabel::confidence).toList());
		assertThat(response.labels().stream().filter((label) -> label.name().equals("Sky")).findFirst())
			.hasValueSatisfying((sky) -> assertThat(sky.parents()).extracting((p) -> p.name()).contains("Outdoors"));
		assertThat(response.responseMetadata().requestId()).isNotBlank().isNotEqualTo("UNKNOWN");
	}

	@Test
	void maxLabelsAndMinConfidenceAreApplied() throws IOException {
		byte[] image = bundled("GreenMeadow.jpg");
		DetectLabelsResponse two = this.client
			.detectLabels((request) -> request.image((i) -> i.bytes(SdkBytes.fromByteArray(image))).maxLabels(2));
		assertThat(two.labels()).hasSize(2);
		DetectLabelsResponse confident = this.client
			.detectLabels((request) -> request.image((i) -> i.bytes(SdkBytes.fromByteArray(image))).minConfidence(99f));
		assertThat(confident.labels()).isNotEmpty()
			.allSatisfy((label) -> assertThat(label.confidence()).isGreaterThanOrEqualTo(99f));
		assertThat(confident.labels().size()).isLessThan(
				this.client.detectLabels((request) -> request.image((i) -> i.bytes(SdkBytes.fromByteArray(image))))
					.labels()
					.size());
	}

	@Test
	void bytesThatAreNoImageAreRejectedAsTheServiceDoes() {
		assertThatExceptionOfType(InvalidImageFormatException.class)
			.isThrownBy(() -> this.client.detectLabels(
					(request) -> request.image((i) -> i.bytes(SdkBytes.fromUtf8String("<html>not an image</html>")))))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	@Test
	void missingImageIsAnInvalidParameter() {
		assertThatExceptionOfType(InvalidParameterException.class)
			.isThrownBy(() -> this.client.detectLabels((request) -> request.image((i) -> {
			})));
	}

	@Test
	void otherOperationsAreRefusedInTheAwsJsonErrorShape() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/local-aws/rekognition/"))
				.header("X-Amz-Target", "RekognitionService.DetectFaces")
				.header("Content-Type", "application/x-amz-json-1.1")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/x-amz-json-1.1"));
		assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
		assertThat(response.body()).contains("\"__type\":\"UnknownOperationException\"");
	}

	static byte[] bundled(String file) throws IOException {
		try (InputStream input = LocalRekognitionEndpointTests.class.getResourceAsStream("/images/" + file)) {
			assertThat(input).as(file).isNotNull();
			return input.readAllBytes();
		}
	}

}
