package org.xrayspring.autoconfigure.awssdk;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.DaemonAddress;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.test.XRayDocuments;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The real {@link S3Presigner}, which runs the interceptors' first hooks but never their
 * last ones, and real S3 clients failing at every stage of a call: the segment reaches a
 * real UDP daemon complete, presigning records nothing, a failed call's subsegment is
 * ended, and the test thread's context is the segment again after each call.
 */
class XRayAwsSdkPresigningAndFailureTests {

	private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

	private FakeDaemon daemon;

	private UdpEmitter emitter;

	private XRayRecorder recorder;

	private XRayAwsSdkInterceptor interceptor;

	@BeforeEach
	void start() {
		this.daemon = new FakeDaemon();
		this.emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()));
		this.recorder = XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(SamplingStrategy.always())
			.build();
		this.interceptor = new XRayAwsSdkInterceptor(this.recorder);
		XRayAwsSdkInterceptor.install(this.interceptor);
	}

	@AfterEach
	void stop() {
		assertThat(this.recorder.getCurrentEntity()).as("no context left on the test thread").isNull();
		XRayAwsSdkInterceptor.uninstall(this.interceptor);
		this.recorder.close();
		this.emitter.close();
		this.daemon.close();
	}

	private S3Presigner presigner() {
		return S3Presigner.builder()
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.endpointOverride(URI.create("http://127.0.0.1:9"))
			.build();
	}

	@Test
	void presigningRecordsNothingAndLeavesTheSegmentComplete() {
		Segment segment = this.recorder.beginSegment("presigning");
		PresignedGetObjectRequest get;
		PresignedPutObjectRequest put;
		try (S3Presigner presigner = presigner()) {
			get = presigner.presignGetObject((request) -> request.signatureDuration(Duration.ofMinutes(5))
				.getObjectRequest((object) -> object.bucket("photos").key("cat.jpg")));
			assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
			put = presigner.presignPutObject((request) -> request.signatureDuration(Duration.ofMinutes(5))
				.putObjectRequest((object) -> object.bucket("photos").key("dog.jpg")));
			assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		}
		assertThat(get.url().toString()).startsWith("http://127.0.0.1:9/photos/cat.jpg?").contains("X-Amz-Signature=");
		assertThat(put.url().toString()).startsWith("http://127.0.0.1:9/photos/dog.jpg?");
		// nothing of the trace goes into a request handed to someone else
		assertThat(get.httpRequest().headers()).doesNotContainKey("X-Amzn-Trace-Id");
		assertThat(put.httpRequest().headers()).doesNotContainKey("X-Amzn-Trace-Id");
		assertThat(segment.getSubsegments()).isEmpty();
		this.recorder.endSegment();

		JsonNode document = receivedDocument(segment);
		assertThat(document.has("in_progress")).isFalse();
		assertThat(document.has("end_time")).isTrue();
		assertThat(document.has("subsegments")).isFalse();
	}

	/**
	 * Failures at each stage of a call: a refused connection, or an interceptor of the
	 * application's (added to the client, so it runs after the global one) throwing from
	 * one hook, with or without an endpoint answering. The SDK tells no interceptor about
	 * a failure before the request pipeline: such a call is not recorded.
	 */
	static Stream<Arguments> failures() {
		return Stream.of(arguments("connection refused", null, false, 1, true),
				arguments("beforeExecution throws", "beforeExecution", true, 0, false),
				arguments("modifyRequest throws", "modifyRequest", true, 0, false),
				arguments("beforeMarshalling throws", "beforeMarshalling", true, 0, false),
				arguments("afterMarshalling throws", "afterMarshalling", true, 0, false),
				// after the global interceptor's modifyHttpRequest, which sent the
				// header, and before transmission
				arguments("modifyHttpRequest throws", "modifyHttpRequest", true, 0, false),
				arguments("beforeTransmission throws", "beforeTransmission", true, 1, true),
				arguments("modifyHttpResponse throws", "modifyHttpResponse", true, 1, true),
				// the global interceptor's afterExecution has ended the call as a success
				// by then
				arguments("afterExecution throws", "afterExecution", true, 1, false),
				arguments("onExecutionFailure throws, connection refused", "onExecutionFailure", false, 1, true));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void failedCallStillEndsItsSubsegmentAndTheSegmentIsEmittedComplete(String description, String failingHook,
			boolean answering, int recorded, boolean faulted) throws IOException {
		try (LocalAwsEndpoint endpoint = LocalAwsEndpoint.start()) {
			endpoint.enqueue(new LocalAwsEndpoint.Response(200, "photo", "application/octet-stream", Map.of()));
			URI uri = answering ? endpoint.uri() : URI.create("http://127.0.0.1:" + unusedPort());
			Segment segment = this.recorder.beginSegment("failing");
			try (S3Client client = S3Client.builder()
				.region(Region.US_EAST_1)
				.credentialsProvider(CREDENTIALS)
				.endpointOverride(uri)
				.forcePathStyle(true)
				.httpClient(UrlConnectionHttpClient.create())
				.overrideConfiguration((config) -> {
					config.retryStrategy((retry) -> retry.maxAttempts(2));
					if (failingHook != null) {
						config.addExecutionInterceptor(new FailingInterceptor(failingHook));
					}
				})
				.build()) {
				assertThatExceptionOfType(RuntimeException.class)
					.isThrownBy(() -> client.getObjectAsBytes((request) -> request.bucket("photos").key("cat.jpg")));
			}
			assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
			this.recorder.endSegment();
			JsonNode document = receivedDocument(segment);
			assertThat(document.path("subsegments")).hasSize(recorded);
			assertSegmentCompleteWithEndedCalls(document, faulted);
		}
	}

	@Test
	void failedAsyncCallStillEndsItsSubsegment() throws IOException {
		int port = unusedPort();
		Segment segment = this.recorder.beginSegment("failing-async");
		try (NettyNioAsyncHttpClient http = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.create();
				S3AsyncClient client = S3AsyncClient.builder()
					.region(Region.US_EAST_1)
					.credentialsProvider(CREDENTIALS)
					.endpointOverride(URI.create("http://127.0.0.1:" + port))
					.forcePathStyle(true)
					.httpClient(http)
					.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
					.build()) {
			assertThatExceptionOfType(CompletionException.class)
				.isThrownBy(() -> client.headObject((request) -> request.bucket("photos").key("cat.jpg")).join());
			assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		}
		this.recorder.endSegment();
		JsonNode document = receivedDocument(segment);
		assertThat(document.path("subsegments")).hasSize(1);
		assertSegmentCompleteWithEndedCalls(document, true);
	}

	private static void assertSegmentCompleteWithEndedCalls(JsonNode document, boolean faulted) {
		assertThat(document.has("in_progress")).isFalse();
		assertThat(document.has("end_time")).isTrue();
		for (JsonNode call : document.path("subsegments")) {
			assertThat(call.path("name").asString()).isEqualTo("S3");
			assertThat(call.has("in_progress")).isFalse();
			assertThat(call.has("end_time")).isTrue();
			if (faulted) {
				assertThat(call.path("fault").asBoolean()).isTrue();
				assertThat(call.path("cause").path("exceptions")).isNotEmpty();
			}
		}
	}

	private JsonNode receivedDocument(Segment segment) {
		this.emitter.flush(10_000);
		while (true) {
			FakeDaemon.Datagram datagram = this.daemon.next(Duration.ofSeconds(10));
			assertThat(datagram.daemonAccepts()).isTrue();
			JsonNode document = XRayDocuments.assertValidDocument(datagram.body());
			if (document.path("id").asString().equals(segment.getId())) {
				return document;
			}
		}
	}

	/** A loopback port nothing listens on: bound, then released. */
	private static int unusedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** Throws from one hook, as a buggy interceptor of the application's would. */
	private record FailingInterceptor(String hook) implements ExecutionInterceptor {

		private void fail(String name) {
			if (this.hook.equals(name)) {
				throw new IllegalStateException("interceptor failed in " + name);
			}
		}

		@Override
		public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
			fail("beforeExecution");
		}

		@Override
		public software.amazon.awssdk.core.SdkRequest modifyRequest(Context.ModifyRequest context,
				ExecutionAttributes attributes) {
			fail("modifyRequest");
			return context.request();
		}

		@Override
		public void beforeMarshalling(Context.BeforeMarshalling context, ExecutionAttributes attributes) {
			fail("beforeMarshalling");
		}

		@Override
		public void afterMarshalling(Context.AfterMarshalling context, ExecutionAttributes attributes) {
			fail("afterMarshalling");
		}

		@Override
		public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
			fail("modifyHttpRequest");
			return context.httpRequest();
		}

		@Override
		public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
			fail("beforeTransmission");
		}

		@Override
		public software.amazon.awssdk.http.SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context,
				ExecutionAttributes attributes) {
			fail("modifyHttpResponse");
			return context.httpResponse();
		}

		@Override
		public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
			fail("afterExecution");
		}

		@Override
		public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
			fail("onExecutionFailure");
		}

	}

}
