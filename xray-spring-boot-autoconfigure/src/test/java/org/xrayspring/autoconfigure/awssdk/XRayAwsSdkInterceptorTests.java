package org.xrayspring.autoconfigure.awssdk;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import org.xrayspring.autoconfigure.awssdk.LocalAwsEndpoint.RecordedRequest;
import org.xrayspring.autoconfigure.testing.RecordingContextListener;
import org.xrayspring.recorder.ContextMissingStrategy;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.rekognition.RekognitionAsyncClient;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectLabelsResponse;
import software.amazon.awssdk.services.rekognition.model.Image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * The real SDK clients, sync and async, built by hand (no explicit interceptor: the SDK's
 * global interceptor file reaches them) and pointed at a {@link LocalAwsEndpoint}.
 */
@ExtendWith(OutputCaptureExtension.class)
class XRayAwsSdkInterceptorTests {

	private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	private XRayRecorder recorder;

	private XRayAwsSdkInterceptor interceptor;

	private LocalAwsEndpoint endpoint;

	private NettyNioAsyncHttpClient nettyClient;

	@BeforeEach
	void start() throws Exception {
		this.recorder = recorder(ContextMissingStrategy.LOG, SamplingStrategy.always());
		this.endpoint = LocalAwsEndpoint.start();
	}

	private final RecordingContextListener contexts = new RecordingContextListener();

	private XRayRecorder recorder(ContextMissingStrategy contextMissing, SamplingStrategy sampling) {
		XRayRecorder recorder = XRayRecorder.builder()
			.emitter(this.emitter)
			.contextListener(this.contexts)
			.samplingStrategy(sampling)
			.contextMissing(contextMissing)
			.build();
		if (this.interceptor != null) {
			XRayAwsSdkInterceptor.uninstall(this.interceptor);
		}
		this.interceptor = new XRayAwsSdkInterceptor(recorder);
		XRayAwsSdkInterceptor.install(this.interceptor);
		return recorder;
	}

	@AfterEach
	void stop() {
		assertThat(this.recorder.getCurrentEntity()).as("no context left on the test thread").isNull();
		XRayAwsSdkInterceptor.uninstall(this.interceptor);
		this.endpoint.close();
		if (this.nettyClient != null) {
			this.nettyClient.close();
		}
	}

	private RekognitionClient rekognition() {
		return RekognitionClient.builder()
			.endpointOverride(this.endpoint.uri())
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

	private DynamoDbClient dynamoDb(int maxAttempts) {
		return DynamoDbClient.builder()
			.endpointOverride(this.endpoint.uri())
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(UrlConnectionHttpClient.create())
			.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(maxAttempts)))
			.build();
	}

	private DynamoDbAsyncClient dynamoDbAsync() {
		this.nettyClient = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.create();
		return DynamoDbAsyncClient.builder()
			.endpointOverride(this.endpoint.uri())
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(this.nettyClient)
			.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build();
	}

	private RekognitionAsyncClient rekognitionAsync() {
		this.nettyClient = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.create();
		return RekognitionAsyncClient.builder()
			.endpointOverride(this.endpoint.uri())
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(this.nettyClient)
			.build();
	}

	private static Image image() {
		return Image.builder().bytes(software.amazon.awssdk.core.SdkBytes.fromUtf8String("not really a jpeg")).build();
	}

	@Test
	void syncDetectLabelsIsOneAwsSubsegmentUnderTheCurrentSegment() {
		Segment segment = this.recorder.beginSegment("svc");
		DetectLabelsResponse response;
		try (RekognitionClient client = rekognition()) {
			response = client.detectLabels((request) -> request.image(image()).maxLabels(5));
		}
		assertThat(this.recorder.getCurrentEntity()).as("caller's context unchanged").isSameAs(segment);
		this.recorder.endSegment();
		assertThat(response.labels()).singleElement()
			.satisfies((label) -> assertThat(label.name()).isEqualTo("Nature"));

		JsonNode document = assertValidDocument(this.emitter.documents().get(0));
		assertThat(this.emitter.documents()).hasSize(1);
		JsonNode subsegment = document.path("subsegments").get(0);
		assertThat(document.path("subsegments")).hasSize(1);
		assertThat(subsegment.path("name").asString()).isEqualTo("Rekognition");
		assertThat(subsegment.path("namespace").asString()).isEqualTo("aws");
		JsonNode aws = subsegment.path("aws");
		assertThat(aws.path("operation").asString()).isEqualTo("DetectLabels");
		assertThat(aws.path("region").asString()).isEqualTo("us-east-1");
		assertThat(aws.path("retries").asInt(-1)).isZero();
		RecordedRequest received = this.endpoint.requests().get(0);
		assertThat(received.target()).isEqualTo("RekognitionService.DetectLabels");
		assertThat(aws.path("request_id").asString()).isNotEmpty();
		assertThat(subsegment.path("http").path("response").path("status").asInt()).isEqualTo(200);
		assertThat(subsegment.path("http").path("response").path("content_length").asInt())
			.isEqualTo(LocalAwsEndpoint.DETECT_LABELS_RESPONSE.length());
		assertThat(subsegment.has("error") || subsegment.has("fault") || subsegment.has("throttle")).isFalse();
		TraceHeader header = TraceHeader.parse(received.header("X-Amzn-Trace-Id"));
		assertThat(header.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(header.parentId()).isEqualTo(subsegment.path("id").asString());
		assertThat(received.header("X-Amzn-Trace-Id")).contains("Sampled=1");
	}

	@Test
	void callsLeaveEveryThreadsContextAndTheMdcAlone() throws Exception {
		Segment segment = this.recorder.beginSegment("svc");
		this.contexts.clear();
		try (RekognitionClient client = rekognition()) {
			client.detectLabels((request) -> request.image(image()).maxLabels(5));
		}
		try (RekognitionAsyncClient client = rekognitionAsync()) {
			client.detectLabels((request) -> request.image(image()).maxLabels(5)).get(10, TimeUnit.SECONDS);
		}
		assertThat(this.contexts.changes()).as("no thread's context changed").isEmpty();
		assertThat(MDC.get("spanId")).isEqualTo(segment.getId());
		this.recorder.endSegment();
		JsonNode document = assertValidDocument(this.emitter.documents().get(0));
		assertThat(document.path("subsegments")).hasSize(2);
	}

	@Test
	void syncGetItemRecordsTheTableNameUnderTheCurrentSubsegment() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment outer = this.recorder.beginSubsegment("lookup");
		GetItemResponse item;
		try (DynamoDbClient client = dynamoDb(3)) {
			item = client
				.getItem((request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("42"))));
		}
		assertThat(this.recorder.getCurrentEntity()).isSameAs(outer);
		outer.end();
		this.recorder.endSegment();
		assertThat(item.item().get("name").s()).isEqualTo("Nature");
		JsonNode document = assertValidDocument(this.emitter.documents().get(0));
		JsonNode call = document.path("subsegments").get(0).path("subsegments").get(0);
		assertThat(call.path("name").asString()).isEqualTo("DynamoDB");
		assertThat(call.path("aws").path("operation").asString()).isEqualTo("GetItem");
		assertThat(call.path("aws").path("table_name").asString()).isEqualTo("photos");
		assertThat(call.path("aws").has("key")).as("DynamoDB's Key is not an S3 key").isFalse();
		assertThat(TraceHeader.parse(this.endpoint.requests().get(0).header("X-Amzn-Trace-Id")).parentId())
			.isEqualTo(call.path("id").asString());
	}

	@Test
	void asyncGetItemNestsUnderTheCallersEntityAndLeavesTheContextAlone() throws Exception {
		this.endpoint.enqueue(new LocalAwsEndpoint.Response(200, LocalAwsEndpoint.GET_ITEM_RESPONSE,
				"application/x-amz-json-1.0", Map.of("x-amz-id-2", "ext-id-2")));
		Segment segment = this.recorder.beginSegment("svc");
		try (DynamoDbAsyncClient client = dynamoDbAsync()) {
			CompletableFuture<GetItemResponse> future = client
				.getItem((request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("42"))));
			assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
			assertThat(future.get(10, TimeUnit.SECONDS).item()).containsKey("name");
		}
		this.recorder.endSegment();
		awaitDocuments(1);
		JsonNode document = assertValidDocument(this.emitter.documents().get(0));
		JsonNode call = document.path("subsegments").get(0);
		assertThat(call.path("name").asString()).isEqualTo("DynamoDB");
		assertThat(call.path("aws").path("table_name").asString()).isEqualTo("photos");
		assertThat(call.path("aws").path("id_2").asString()).isEqualTo("ext-id-2");
		assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(200);
		TraceHeader header = TraceHeader.parse(this.endpoint.requests().get(0).header("X-Amzn-Trace-Id"));
		assertThat(header.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(header.parentId()).isEqualTo(call.path("id").asString());
	}

	@Test
	void asyncDetectLabelsCompletingAfterTheSegmentEndedIsStillRecorded() throws Exception {
		Segment segment = this.recorder.beginSegment("svc");
		CompletableFuture<DetectLabelsResponse> future;
		try (RekognitionAsyncClient client = rekognitionAsync()) {
			future = client.detectLabels((request) -> request.image(image()));
			this.recorder.endSegment();
			future.get(10, TimeUnit.SECONDS);
		}
		awaitDocuments(1);
		JsonNode document = assertValidDocument(this.emitter.documents().get(0));
		assertThat(document.path("id").asString()).isEqualTo(segment.getId());
		assertThat(document.path("subsegments").get(0).path("name").asString()).isEqualTo("Rekognition");
		assertThat(document.path("subsegments").get(0).has("end_time")).isTrue();
	}

	@Test
	void throttlingErrorIsAThrottleWithTheExceptionAsRemoteCause() {
		this.endpoint.enqueue(LocalAwsEndpoint.error(400, "ProvisionedThroughputExceededException", "slow down"));
		this.recorder.beginSegment("svc");
		try (DynamoDbClient client = dynamoDb(1)) {
			assertThatExceptionOfType(ProvisionedThroughputExceededException.class).isThrownBy(() -> client
				.getItem((request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("1")))));
		}
		this.recorder.endSegment();
		JsonNode call = assertValidDocument(this.emitter.documents().get(0)).path("subsegments").get(0);
		assertThat(call.path("throttle").asBoolean()).isTrue();
		assertThat(call.path("error").asBoolean()).isTrue();
		assertThat(call.has("fault")).isFalse();
		assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(400);
		assertThat(call.path("aws").path("request_id").asString()).isNotEmpty();
		JsonNode exception = call.path("cause").path("exceptions").get(0);
		assertThat(exception.path("type").asString()).isEqualTo(ProvisionedThroughputExceededException.class.getName());
		assertThat(exception.path("remote").asBoolean()).isTrue();
	}

	@Test
	void throttlingExceptionOfRekognitionIsAThrottle() {
		this.endpoint.enqueue(LocalAwsEndpoint.error(400, "ThrottlingException", "Rate exceeded"));
		this.recorder.beginSegment("svc");
		try (RekognitionClient client = RekognitionClient.builder()
			.endpointOverride(this.endpoint.uri())
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(UrlConnectionHttpClient.create())
			.overrideConfiguration((config) -> config.retryStrategy((retry) -> retry.maxAttempts(1)))
			.build()) {
			assertThatExceptionOfType(SdkServiceException.class)
				.isThrownBy(() -> client.detectLabels((request) -> request.image(image())))
				.satisfies((ex) -> assertThat(ex.isThrottlingException()).isTrue());
		}
		this.recorder.endSegment();
		JsonNode call = assertValidDocument(this.emitter.documents().get(0)).path("subsegments").get(0);
		assertThat(call.path("throttle").asBoolean()).isTrue();
		assertThat(call.has("fault")).isFalse();
	}

	@Test
	void serverErrorIsAFaultAndRetriesAreCounted() {
		this.endpoint.enqueue(LocalAwsEndpoint.error(500, "InternalServerError", "first"));
		this.endpoint.enqueue(LocalAwsEndpoint.error(500, "InternalServerError", "second"));
		this.recorder.beginSegment("svc");
		try (DynamoDbClient client = dynamoDb(2)) {
			assertThatExceptionOfType(SdkServiceException.class).isThrownBy(() -> client
				.getItem((request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("1")))));
		}
		this.recorder.endSegment();
		assertThat(this.endpoint.requests()).hasSize(2);
		JsonNode call = assertValidDocument(this.emitter.documents().get(0)).path("subsegments").get(0);
		assertThat(call.path("fault").asBoolean()).isTrue();
		assertThat(call.has("error")).isFalse();
		assertThat(call.path("aws").path("retries").asInt()).isEqualTo(1);
		assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(500);
		String parent = call.path("id").asString();
		assertThat(this.endpoint.requests())
			.allSatisfy((request) -> assertThat(TraceHeader.parse(request.header("X-Amzn-Trace-Id")).parentId())
				.isEqualTo(parent));
	}

	@Test
	void retryThatSucceedsIsNoError() {
		this.endpoint.enqueue(LocalAwsEndpoint.error(500, "InternalServerError", "once"));
		this.recorder.beginSegment("svc");
		try (DynamoDbClient client = dynamoDb(2)) {
			client.getItem((request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("1"))));
		}
		this.recorder.endSegment();
		JsonNode call = assertValidDocument(this.emitter.documents().get(0)).path("subsegments").get(0);
		assertThat(call.path("aws").path("retries").asInt()).isEqualTo(1);
		assertThat(call.has("fault")).isFalse();
		assertThat(call.path("http").path("response").path("status").asInt()).isEqualTo(200);
	}

	@Test
	void asyncServerErrorIsAFault() {
		this.endpoint.enqueue(LocalAwsEndpoint.error(500, "InternalServerError", "boom"));
		this.recorder.beginSegment("svc");
		try (DynamoDbAsyncClient client = dynamoDbAsync()) {
			CompletableFuture<GetItemResponse> future = client
				.getItem((request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("1"))));
			assertThat(future).failsWithin(10, TimeUnit.SECONDS);
		}
		this.recorder.endSegment();
		awaitDocuments(1);
		JsonNode call = assertValidDocument(this.emitter.documents().get(0)).path("subsegments").get(0);
		assertThat(call.path("fault").asBoolean()).isTrue();
		assertThat(call.path("cause").path("exceptions").get(0).path("remote").asBoolean()).isTrue();
	}

	@Test
	void unsampledTracePropagatesTheHeaderAndEmitsNothing() {
		this.recorder = recorder(ContextMissingStrategy.LOG, SamplingStrategy.never());
		Segment segment = this.recorder.beginSegment("svc");
		try (RekognitionClient client = rekognition()) {
			client.detectLabels((request) -> request.image(image()));
		}
		this.recorder.endSegment();
		assertThat(this.emitter.documents()).isEmpty();
		TraceHeader header = TraceHeader.parse(this.endpoint.requests().get(0).header("X-Amzn-Trace-Id"));
		assertThat(header.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(this.endpoint.requests().get(0).header("X-Amzn-Trace-Id")).contains("Sampled=0");
	}

	@Test
	void outsideATraceNothingIsRecordedNoHeaderIsSentAndNothingIsLogged(CapturedOutput output) {
		this.recorder = recorder(ContextMissingStrategy.FAIL, SamplingStrategy.always());
		try (RekognitionClient client = rekognition(); DynamoDbClient dynamoDb = dynamoDb(1)) {
			client.detectLabels((request) -> request.image(image()));
			dynamoDb.getItem((request) -> request.tableName("photos").key(Map.of("id", AttributeValue.fromS("1"))));
		}
		assertThat(this.emitter.documents()).isEmpty();
		assertThat(this.endpoint.requests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.header("X-Amzn-Trace-Id")).isNull());
		assertThat(this.recorder.counters()).containsEntry("context.missing", 0L);
		assertThat(output).doesNotContain("X-Ray").doesNotContain("WARN").doesNotContain("ERROR");
	}

	@Test
	void withoutAnInstalledInterceptorNothingIsRecorded() {
		XRayAwsSdkInterceptor.uninstall(this.interceptor);
		this.recorder.beginSegment("svc");
		try (RekognitionClient client = rekognition()) {
			client.detectLabels((request) -> request.image(image()));
		}
		this.recorder.endSegment();
		assertThat(assertValidDocument(this.emitter.documents().get(0)).has("subsegments")).isFalse();
		assertThat(this.endpoint.requests().get(0).header("X-Amzn-Trace-Id")).isNull();
	}

	@Test
	void explicitInterceptorAndGlobalOneRecordTheCallOnce() {
		this.recorder.beginSegment("svc");
		try (RekognitionClient client = RekognitionClient.builder()
			.endpointOverride(this.endpoint.uri())
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(UrlConnectionHttpClient.create())
			.overrideConfiguration((config) -> config.addExecutionInterceptor(new XRayAwsSdkInterceptor(this.recorder)))
			.build()) {
			client.detectLabels((request) -> request.image(image()));
		}
		this.recorder.endSegment();
		JsonNode document = assertValidDocument(this.emitter.documents().get(0));
		assertThat(document.path("subsegments")).hasSize(1);
		assertThat(document.path("subsegments").get(0).has("end_time")).isTrue();
	}

	private void awaitDocuments(int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (this.emitter.documents().size() < count && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(this.emitter.documents()).hasSizeGreaterThanOrEqualTo(count);
	}

}
