package org.xrayspring.autoconfigure.sqs;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.support.ThrottledLogger;

import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Begins a segment for an SQS message received with the AWS SDK for Java v2, joined to
 * the producer's trace that the message carries in its {@code AWSTraceHeader} system
 * attribute. The auto-configuration provides a bean of this type; one line per message:
 * <pre class="code">
 * sqsTracing.process(message, () -&gt; handle(message));
 * // or
 * try (SqsMessageSegment scope = sqsTracing.beginSegment(message, queueUrl)) {
 *     handle(message);
 * }
 * </pre>
 * <p>
 * The receive call must ask for the attribute
 * ({@code messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER)} or
 * {@code ALL}); with the starter, a {@code ReceiveMessage} call that asks for no system
 * attribute at all asks for this one.
 * <p>
 * The segment is named after the service (like the servlet segment); its parent is the
 * producer's {@code SendMessage} subsegment and its trace the producer's. The attribute's
 * {@code Sampled=0} leaves the segment unsampled (nothing emitted) and {@code Sampled=1}
 * samples it, when upstream decisions are trusted ({@code xray.sampling.trust-upstream});
 * otherwise, and for a message without the attribute or with a malformed one (ignored
 * whole, never an error), the sampling strategy decides, and a message without a valid
 * {@code Root} begins a new trace. The message id, and the queue URL when given, are
 * recorded as metadata in the {@code sqs} namespace; the body and the message attributes
 * never are.
 * <p>
 * The segment is current on the calling thread while the message is processed, so the AWS
 * SDK, HTTP client and SQL calls made meanwhile are its subsegments. Tracing failures are
 * logged (throttled) and never reach the caller; an exception of the processing is
 * recorded (the segment is a fault) and rethrown as it is, since it is the application's.
 */
public final class XRaySqsMessages {

	/** The name of the system attribute that carries the trace header. */
	public static final String TRACE_HEADER_ATTRIBUTE = "AWSTraceHeader";

	/** The metadata namespace of what is recorded about the message. */
	public static final String METADATA_NAMESPACE = "sqs";

	private static final ThrottledLogger logger = new ThrottledLogger(XRaySqsMessages.class.getName(), 60_000);

	/** Recorded identifiers longer than this are cut: they come from outside. */
	private static final int MAX_RECORDED_LENGTH = 256;

	private final XRayRecorder recorder;

	private final String segmentName;

	/**
	 * Creates the helper.
	 * @param recorder the recorder
	 * @param segmentName the name of each message's segment (the service name)
	 */
	public XRaySqsMessages(XRayRecorder recorder, String segmentName) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		this.segmentName = Objects.requireNonNull(segmentName, "segmentName");
	}

	/**
	 * The name given to each message's segment.
	 * @return the segment name
	 */
	public String getSegmentName() {
		return this.segmentName;
	}

	/**
	 * Begins the segment of a message; close the returned scope when the message is
	 * processed.
	 * @param message the message, received with the {@code AWSTraceHeader} system
	 * attribute
	 * @return the scope, never {@code null}
	 */
	public SqsMessageSegment beginSegment(Message message) {
		return beginSegment(message, null);
	}

	/**
	 * Begins the segment of a message received from a queue; close the returned scope
	 * when the message is processed.
	 * @param message the message, received with the {@code AWSTraceHeader} system
	 * attribute
	 * @param queueUrl the URL of the queue it was received from, recorded; may be
	 * {@code null}
	 * @return the scope, never {@code null}
	 */
	public SqsMessageSegment beginSegment(Message message, @Nullable String queueUrl) {
		String traceHeader = null;
		String messageId = null;
		try {
			if (message != null) {
				traceHeader = traceHeader(message);
				messageId = message.messageId();
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not read the trace header of an SQS message", ex);
		}
		return beginSegment(traceHeader, messageId, queueUrl, null);
	}

	/**
	 * Processes a message inside its segment: an exception of the work is recorded and
	 * rethrown as it is.
	 * @param <X> the exception the work may throw
	 * @param message the message
	 * @param work the processing
	 * @throws X the work's exception
	 */
	public <X extends Throwable> void process(Message message, MessageWork<X> work) throws X {
		try (SqsMessageSegment scope = beginSegment(message)) {
			try {
				work.run();
			}
			catch (Throwable ex) {
				scope.recordException(ex);
				throw ex;
			}
		}
	}

	/**
	 * Processes a message inside its segment and returns the result: an exception of the
	 * work is recorded and rethrown as it is.
	 * @param <T> the result type
	 * @param <X> the exception the work may throw
	 * @param message the message
	 * @param work the processing
	 * @return the work's result
	 * @throws X the work's exception
	 */
	public <T, X extends Throwable> T call(Message message, MessageCall<T, X> work) throws X {
		try (SqsMessageSegment scope = beginSegment(message)) {
			try {
				return work.call();
			}
			catch (Throwable ex) {
				scope.recordException(ex);
				throw ex;
			}
		}
	}

	/**
	 * Begins a segment from what a message carries; for integrations that see the message
	 * in another form (Spring Cloud AWS's message headers).
	 */
	SqsMessageSegment beginSegment(@Nullable String traceHeader, @Nullable String messageId, @Nullable String queueUrl,
			@Nullable String queueName) {
		Entity previous = this.recorder.getCurrentEntity();
		try {
			Segment segment = this.recorder.beginSegment(this.segmentName, TraceHeader.parse(traceHeader),
					new SamplingRequest(null, null, null, this.segmentName));
			if (segment.isSampled()) {
				describe(segment, messageId, queueUrl, queueName);
			}
			return new SqsMessageSegment(this.recorder, segment, previous);
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not begin a segment for an SQS message; it is processed untraced", ex);
			this.recorder.setCurrentEntity(previous);
			return new SqsMessageSegment(this.recorder, null, previous);
		}
	}

	private static void describe(Segment segment, @Nullable String messageId, @Nullable String queueUrl,
			@Nullable String queueName) {
		if (messageId != null) {
			segment.putMetadata(METADATA_NAMESPACE, "message_id", bounded(messageId));
		}
		if (queueUrl != null) {
			segment.putMetadata(METADATA_NAMESPACE, "queue_url", bounded(queueUrl));
		}
		if (queueName != null) {
			segment.putMetadata(METADATA_NAMESPACE, "queue_name", bounded(queueName));
		}
	}

	private static String bounded(String value) {
		return (value.length() <= MAX_RECORDED_LENGTH) ? value : value.substring(0, MAX_RECORDED_LENGTH);
	}

	/**
	 * The {@code AWSTraceHeader} attribute of a message, read by name so that an SDK that
	 * does not know the attribute still finds it.
	 */
	static @Nullable String traceHeader(Message message) {
		if (!message.hasAttributes()) {
			return null;
		}
		Map<String, String> attributes = message.attributesAsStrings();
		return attributes.get(TRACE_HEADER_ATTRIBUTE);
	}

	/**
	 * The processing of a message.
	 *
	 * @param <X> the exception it may throw
	 */
	@FunctionalInterface
	public interface MessageWork<X extends Throwable> {

		/**
		 * Processes the message.
		 * @throws X on failure
		 */
		void run() throws X;

	}

	/**
	 * The processing of a message, with a result.
	 *
	 * @param <T> the result type
	 * @param <X> the exception it may throw
	 */
	@FunctionalInterface
	public interface MessageCall<T, X extends Throwable> {

		/**
		 * Processes the message.
		 * @return the result
		 * @throws X on failure
		 */
		T call() throws X;

	}

}
