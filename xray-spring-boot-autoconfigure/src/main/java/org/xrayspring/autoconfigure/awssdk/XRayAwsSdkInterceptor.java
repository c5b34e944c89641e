package org.xrayspring.autoconfigure.awssdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.auth.signer.AwsSignerExecutionAttribute;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.id.Ids;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * An AWS SDK for Java v2 {@link ExecutionInterceptor} that records each API call made
 * inside a trace as a subsegment named after the service ({@code DynamoDB},
 * {@code Rekognition}, ...) in the {@code aws} namespace, and sends
 * {@code X-Amzn-Trace-Id} with the request. An SQS {@code SendMessage} or
 * {@code SendMessageBatch} call also puts the header, with {@code Parent} = the call's
 * subsegment, in each message's {@code AWSTraceHeader} system attribute, unless the
 * caller set one: SQS copies the HTTP header there itself, but SQS-compatible endpoints
 * may not, and the consumer's segment is joined to that attribute.
 * <p>
 * The SDK creates one instance with the no-argument constructor for every client it
 * builds, because this jar lists the class in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}. That instance
 * delegates to the interceptor {@linkplain #install(XRayAwsSdkInterceptor) installed} by
 * the application context (its recorder) and does nothing while none is installed. An
 * instance made with a recorder may also be added to a client explicitly; a call is still
 * recorded only once.
 * <p>
 * Outside a trace nothing is recorded, no header is added and nothing is logged above
 * debug. A failure of the instrumentation is logged (throttled) and never reaches the SDK
 * call.
 * <p>
 * The SDK reports a failure to {@link #onExecutionFailure} only once its request pipeline
 * runs: a failure in marshalling, in another interceptor's hooks up to
 * {@code modifyHttpRequest}, or in code between, reaches no interceptor. So
 * {@link #modifyHttpRequest} only reserves the subsegment's id and sends it in the
 * header, and the subsegment begins at the first {@link #beforeTransmission}, inside the
 * pipeline, from where the SDK always calls {@link #afterExecution} or
 * {@link #onExecutionFailure}, one of which ends it exactly once. A call that fails
 * before its first transmission is not recorded. Presigning (the {@code S3Presigner} and
 * the SDK's other presigners run the first hooks and never the last ones) records nothing
 * and adds no header. The subsegment is never current on any thread.
 */
public final class XRayAwsSdkInterceptor implements ExecutionInterceptor {

	private static final ThrottledLogger logger = new ThrottledLogger(XRayAwsSdkInterceptor.class.getName(), 60_000);

	private static final AtomicReference<XRayAwsSdkInterceptor> installed = new AtomicReference<>();

	/**
	 * The call being recorded; stored in the execution attributes, because async clients
	 * finish on other threads.
	 */
	private static final ExecutionAttribute<TracedCall> CALL = newCallAttribute();

	/** Clients built on the SDK's core alone (not AWS services) lack {@code aws-core}. */
	private static final boolean AWS_CORE_PRESENT = isPresent("software.amazon.awssdk.awscore.AwsExecutionAttribute");

	/** Whether the SQS client's model is there: its sends carry the trace header. */
	private static final boolean SQS_PRESENT = isPresent(
			"software.amazon.awssdk.services.sqs.model.SendMessageRequest");

	/** Request fields recorded per service, as {@code aws} keys. */
	private static final Map<String, List<ResourceField>> RESOURCE_FIELDS = Map.of("DynamoDB",
			List.of(new ResourceField("TableName", "table_name")), "SQS",
			List.of(new ResourceField("QueueUrl", "queue_url")), "S3",
			List.of(new ResourceField("Bucket", "bucket_name"), new ResourceField("Key", "key")), "SNS",
			List.of(new ResourceField("TopicArn", "topic_arn")), "Lambda",
			List.of(new ResourceField("FunctionName", "function_name")));

	/**
	 * The SDK's service names (its client names, e.g. {@code DynamoDb}) that differ from
	 * the names X-Ray and the other X-Ray SDKs use for the service's node (e.g.
	 * {@code DynamoDB}); others are used as they are.
	 */
	private static final Map<String, String> SERVICE_NAMES = Map.of("DynamoDb", "DynamoDB", "Sqs", "SQS", "Sns", "SNS",
			"Sts", "STS", "Kms", "KMS", "Ses", "SES", "SesV2", "SESv2", "Sfn", "SFN", "Ecs", "ECS", "Ec2", "EC2");

	private static final String[] REQUEST_ID_HEADERS = { "x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id" };

	private final @Nullable XRayRecorder recorder;

	/**
	 * Creates the global interceptor the SDK loads for every client; it delegates to the
	 * installed interceptor.
	 */
	public XRayAwsSdkInterceptor() {
		this.recorder = null;
	}

	/**
	 * Creates an interceptor recording with the given recorder.
	 * @param recorder the recorder
	 */
	public XRayAwsSdkInterceptor(XRayRecorder recorder) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
	}

	/**
	 * Makes the global interceptors of every SDK client delegate to the given one.
	 * @param interceptor an interceptor made with a recorder
	 */
	public static void install(XRayAwsSdkInterceptor interceptor) {
		if (interceptor.recorder == null) {
			throw new IllegalArgumentException("Only an interceptor made with a recorder can be installed");
		}
		installed.set(interceptor);
	}

	/**
	 * Stops delegating to the given interceptor, unless another one was installed since.
	 * @param interceptor the interceptor installed before
	 */
	public static void uninstall(XRayAwsSdkInterceptor interceptor) {
		installed.compareAndSet(interceptor, null);
	}

	/**
	 * The interceptor the global ones delegate to.
	 * @return the installed interceptor, or {@code null}
	 */
	static @Nullable XRayAwsSdkInterceptor installed() {
		return installed.get();
	}

	/**
	 * The recorder this interceptor records with.
	 * @return the recorder, {@code null} for a global interceptor
	 */
	public @Nullable XRayRecorder getRecorder() {
		return this.recorder;
	}

	/**
	 * An SQS {@code SendMessage} or {@code SendMessageBatch} call inside a trace is
	 * prepared here already, so that each message can carry the trace to its consumer in
	 * the {@code AWSTraceHeader} system attribute, with {@code Parent} = the call's
	 * subsegment: SQS copies {@code X-Amzn-Trace-Id} into that attribute itself, but
	 * other SQS-compatible endpoints do not. An attribute the caller set is left alone.
	 */
	@Override
	public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
		SdkRequest request = context.request();
		if (!SQS_PRESENT || !"Sqs".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
			return request;
		}
		XRayAwsSdkInterceptor target = (this.recorder != null) ? this : installed.get();
		if (target == null || attributes.getAttribute(CALL) != null) {
			return request;
		}
		try {
			if (!SqsSends.isSend(request) || (AWS_CORE_PRESENT && AwsCore.isPresigning(attributes))) {
				return request;
			}
			TracedCall call = target.prepare(request, attributes, this);
			if (call == null) {
				return request;
			}
			return SqsSends.withTraceHeader(request, call.parent.traceHeaderForChild(call.id).format());
		}
		catch (RuntimeException | LinkageError ex) {
			logger.warnThrottled("X-Ray could not add the trace header to an SQS message", ex);
			return request;
		}
	}

	@Override
	public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
		TracedCall prepared = attributes.getAttribute(CALL);
		if (prepared != null && prepared.owner != this) {
			return context.httpRequest();
		}
		XRayAwsSdkInterceptor target = (this.recorder != null) ? this : installed.get();
		if (prepared == null && target == null) {
			return context.httpRequest();
		}
		try {
			if (AWS_CORE_PRESENT && AwsCore.isPresigning(attributes)) {
				return context.httpRequest();
			}
			// prepared in modifyRequest already (an SQS send), or prepared now
			TracedCall call = (prepared != null) ? prepared : target.prepare(context.request(), attributes, this);
			if (call == null) {
				return context.httpRequest();
			}
			TraceHeader header = call.parent.traceHeaderForChild(call.id);
			return context.httpRequest().toBuilder().putHeader(TraceHeader.HEADER_NAME, header.format()).build();
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not record an AWS SDK call", ex);
			return context.httpRequest();
		}
	}

	/**
	 * Reserves the call's subsegment under the current entity and stores the call in the
	 * attributes.
	 * @return the call, or {@code null} outside a trace
	 */
	private @Nullable TracedCall prepare(SdkRequest request, ExecutionAttributes attributes,
			XRayAwsSdkInterceptor owner) {
		Entity parent = this.recorder.getCurrentEntity();
		if (parent == null) {
			logger.debug(() -> "No X-Ray context for a call to AWS service "
					+ attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "; nothing recorded");
			return null;
		}
		TracedCall call = new TracedCall(owner, this.recorder, parent, Ids.newEntityId(), request);
		attributes.putAttribute(CALL, call);
		return call;
	}

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
		TracedCall call = ownCall(attributes);
		if (call == null) {
			return;
		}
		call.attempts++;
		if (call.subsegment == null) {
			try {
				call.subsegment = begin(call, attributes);
			}
			catch (RuntimeException ex) {
				logger.warnThrottled("X-Ray could not record an AWS SDK call", ex);
			}
		}
	}

	/**
	 * Starts the reserved subsegment under the captured parent without making it current
	 * on any thread: the call may complete on another thread (async clients).
	 */
	private static Subsegment begin(TracedCall call, ExecutionAttributes attributes) {
		String service = serviceName(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
		Subsegment subsegment = call.recorder.startSubsegment(call.parent, service, call.id);
		try {
			describe(subsegment, call.request, attributes, service);
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not describe an AWS SDK call", ex);
		}
		return subsegment;
	}

	private static void describe(Subsegment subsegment, SdkRequest request, ExecutionAttributes attributes,
			String service) {
		subsegment.setNamespace(Subsegment.NAMESPACE_AWS);
		subsegment.putAws("operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
		if (AWS_CORE_PRESENT) {
			subsegment.putAws("region", AwsCore.region(attributes));
		}
		List<ResourceField> fields = RESOURCE_FIELDS.get(service);
		if (fields != null) {
			for (ResourceField field : fields) {
				Optional<Object> value = request.getValueForField(field.requestField(), Object.class);
				if (value.isPresent() && value.get() instanceof String text) {
					subsegment.putAws(field.awsKey(), text);
				}
			}
		}
	}

	@Override
	public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
		TracedCall call = ownCall(attributes);
		if (call == null || !call.finish()) {
			return;
		}
		Subsegment subsegment = call.subsegment;
		try {
			recordAttempts(call);
			SdkHttpResponse response = context.httpResponse();
			if (response != null) {
				recordResponse(subsegment, response);
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not record an AWS SDK response", ex);
		}
		finally {
			subsegment.end();
		}
	}

	@Override
	public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
		TracedCall call = ownCall(attributes);
		// after this interceptor's afterExecution, another one's may still throw: the
		// call is recorded already
		if (call == null || !call.finish()) {
			return;
		}
		Subsegment subsegment = call.subsegment;
		try {
			recordAttempts(call);
			Throwable exception = context.exception();
			Optional<SdkHttpResponse> response = context.httpResponse();
			response.ifPresent((http) -> recordResponse(subsegment, http));
			boolean remote = false;
			if (exception instanceof SdkServiceException serviceException) {
				remote = true;
				if (response.isEmpty() && serviceException.statusCode() > 0) {
					subsegment.putHttpResponse("status", serviceException.statusCode());
					subsegment.applyStatus(serviceException.statusCode());
				}
				putIfAbsent(subsegment, "request_id", serviceException.requestId());
				putIfAbsent(subsegment, "id_2", serviceException.extendedRequestId());
				if (serviceException.isThrottlingException()) {
					// As the X-Ray SDKs do: a throttled call is a client error, whatever
					// its status (S3: 503).
					subsegment.setThrottle(true);
					subsegment.setFault(false);
				}
			}
			subsegment.addException(exception, remote);
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not record an AWS SDK failure", ex);
		}
		finally {
			subsegment.end();
		}
	}

	static String serviceName(String sdkServiceName) {
		if (sdkServiceName == null) {
			return "AWS";
		}
		return SERVICE_NAMES.getOrDefault(sdkServiceName, sdkServiceName);
	}

	private @Nullable TracedCall ownCall(ExecutionAttributes attributes) {
		TracedCall call = attributes.getAttribute(CALL);
		// Only the interceptor of the chain that began the call records it: a client may
		// carry the global one
		// and an explicitly added one.
		return (call != null && call.owner == this) ? call : null;
	}

	private static void recordAttempts(TracedCall call) {
		call.subsegment.putAws("retries", Math.max(0, call.attempts - 1));
	}

	private static void recordResponse(Subsegment subsegment, SdkHttpResponse response) {
		int status = response.statusCode();
		subsegment.putHttpResponse("status", status);
		subsegment.applyStatus(status);
		response.firstMatchingHeader("Content-Length").ifPresent((length) -> {
			try {
				subsegment.putHttpResponse("content_length", Long.parseLong(length.trim()));
			}
			catch (NumberFormatException ex) {
				// not a number: leave it out
			}
		});
		for (String name : REQUEST_ID_HEADERS) {
			Optional<String> requestId = response.firstMatchingHeader(name);
			if (requestId.isPresent()) {
				subsegment.putAws("request_id", requestId.get());
				break;
			}
		}
		response.firstMatchingHeader("x-amz-id-2").ifPresent((id2) -> subsegment.putAws("id_2", id2));
	}

	private static void putIfAbsent(Subsegment subsegment, String key, String value) {
		if (value != null && !value.isEmpty() && !"UNKNOWN".equals(value)) {
			subsegment.putAws(key, value);
		}
	}

	/**
	 * The SDK allows one attribute per name in a JVM. Should this class be loaded by a
	 * second class loader sharing the SDK, a unique name keeps the SDK from failing to
	 * build clients.
	 */
	private static ExecutionAttribute<TracedCall> newCallAttribute() {
		try {
			return new ExecutionAttribute<>("XRayTracedCall");
		}
		catch (IllegalArgumentException ex) {
			return new ExecutionAttribute<>("XRayTracedCall-" + UUID.randomUUID());
		}
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, XRayAwsSdkInterceptor.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Keeps references to {@code aws-core} out of the interceptor's own class.
	 */
	private static final class AwsCore {

		static @Nullable String region(ExecutionAttributes attributes) {
			Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
			return (region != null) ? region.id() : null;
		}

		/**
		 * Whether the execution presigns a request rather than sends it: every presigner
		 * of the SDK (S3, Polly, the generic one) sets the expiration before the first
		 * hook. The attribute is deprecated for signers, but it is the one mark
		 * presigning leaves on the execution.
		 */
		@SuppressWarnings("deprecation")
		static boolean isPresigning(ExecutionAttributes attributes) {
			return attributes.getAttribute(AwsSignerExecutionAttribute.PRESIGNER_EXPIRATION) != null;
		}

	}

	/**
	 * Keeps references to the SQS client's model out of the interceptor's own class: the
	 * {@code sqs} jar is optional.
	 */
	private static final class SqsSends {

		static boolean isSend(SdkRequest request) {
			return request instanceof SendMessageRequest || request instanceof SendMessageBatchRequest;
		}

		static SdkRequest withTraceHeader(SdkRequest request, String header) {
			if (request instanceof SendMessageRequest send) {
				Map<MessageSystemAttributeNameForSends, MessageSystemAttributeValue> attributes = withTraceHeader(
						send.hasMessageSystemAttributes() ? send.messageSystemAttributes() : null, header);
				return (attributes != null) ? send.toBuilder().messageSystemAttributes(attributes).build() : request;
			}
			if (request instanceof SendMessageBatchRequest batch && batch.hasEntries()) {
				List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.entries().size());
				boolean changed = false;
				for (SendMessageBatchRequestEntry entry : batch.entries()) {
					Map<MessageSystemAttributeNameForSends, MessageSystemAttributeValue> attributes = (entry != null)
							? withTraceHeader(
									entry.hasMessageSystemAttributes() ? entry.messageSystemAttributes() : null, header)
							: null;
					if (attributes != null) {
						entries.add(entry.toBuilder().messageSystemAttributes(attributes).build());
						changed = true;
					}
					else {
						entries.add(entry);
					}
				}
				return changed ? batch.toBuilder().entries(entries).build() : request;
			}
			return request;
		}

		/**
		 * The attributes with the trace header added, or {@code null} when the caller set
		 * one already.
		 */
		private static @Nullable Map<MessageSystemAttributeNameForSends, MessageSystemAttributeValue> withTraceHeader(
				@Nullable Map<MessageSystemAttributeNameForSends, MessageSystemAttributeValue> existing,
				String header) {
			if (existing != null && existing.containsKey(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER)) {
				return null;
			}
			Map<MessageSystemAttributeNameForSends, MessageSystemAttributeValue> attributes = (existing != null)
					? new LinkedHashMap<>(existing) : new LinkedHashMap<>();
			attributes.put(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
					MessageSystemAttributeValue.builder().dataType("String").stringValue(header).build());
			return attributes;
		}

	}

	private record ResourceField(String requestField, String awsKey) {
	}

	/**
	 * One API call being recorded: prepared when its request is, begun at its first
	 * transmission.
	 */
	private static final class TracedCall {

		final XRayAwsSdkInterceptor owner;

		final XRayRecorder recorder;

		final Entity parent;

		/** The subsegment's id, sent in the header before the subsegment begins. */
		final String id;

		final SdkRequest request;

		/**
		 * Set at the first transmission, which may run on another thread than the ending
		 * hooks.
		 */
		volatile @Nullable Subsegment subsegment;

		/** Attempts are sequential, but may run on different threads. */
		volatile int attempts;

		private final AtomicBoolean finished = new AtomicBoolean();

		TracedCall(XRayAwsSdkInterceptor owner, XRayRecorder recorder, Entity parent, String id, SdkRequest request) {
			this.owner = owner;
			this.recorder = recorder;
			this.parent = parent;
			this.id = id;
			this.request = request;
		}

		/**
		 * Whether the caller is the one hook that records the outcome and ends the
		 * subsegment.
		 */
		/**
		 * Whether the caller is the one hook that records the outcome and ends the
		 * subsegment: none when the call failed before its first transmission began the
		 * subsegment.
		 */
		boolean finish() {
			return this.subsegment != null && this.finished.compareAndSet(false, true);
		}

	}

}
