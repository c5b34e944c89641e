package org.xrayspring.autoconfigure.sqs;

import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Runs each message of a Spring Cloud AWS {@code @SqsListener} method (one message at a
 * time) inside a segment joined to the message's {@code AWSTraceHeader}, as
 * {@link XRaySqsMessages} does: a Spring Cloud AWS {@link MessageInterceptor}, which its
 * auto-configured listener container factory applies to every container.
 * <p>
 * {@link #intercept(Message)} begins the segment, current on the thread that runs the
 * listener, and carries it to {@link #afterProcessing(Message, Throwable)} in a message
 * header; that records the listener's exception, if any (the segment is a fault), ends
 * the segment and clears the thread's context. Spring Cloud AWS runs the interceptor and
 * a blocking listener on the same message thread; should a listener complete on another
 * thread (an asynchronous listener), its work there is outside the segment, which still
 * ends once. Batch listeners are not traced (a batch has no single parent).
 */
public final class XRaySqsListenerInterceptor implements MessageInterceptor<Object> {

	/** The message header that carries the message's segment to the end of processing. */
	public static final String SEGMENT_HEADER = "XRaySqsSegment";

	private static final ThrottledLogger logger = new ThrottledLogger(XRaySqsListenerInterceptor.class.getName(),
			60_000);

	/** Wrappers of the listener's exception are unwrapped this far at most. */
	private static final int MAX_UNWRAP = 10;

	private final XRaySqsMessages messages;

	private final XRayRecorder recorder;

	/**
	 * Creates the interceptor.
	 * @param messages begins the segments
	 * @param recorder the recorder
	 */
	public XRaySqsListenerInterceptor(XRaySqsMessages messages, XRayRecorder recorder) {
		this.messages = messages;
		this.recorder = recorder;
	}

	@Override
	public Message<Object> intercept(Message<Object> message) {
		try {
			MessageHeaders headers = message.getHeaders();
			if (headers.get(SEGMENT_HEADER) != null) {
				return message;
			}
			// the container thread's context is nobody's: the segment replaces whatever
			// was left on it
			this.recorder.clearContext();
			SqsMessageSegment scope = this.messages.beginSegment(
					stringHeader(headers, SqsHeaders.MessageSystemAttributes.SQS_AWS_TRACE_HEADER), messageId(headers),
					stringHeader(headers, SqsHeaders.SQS_QUEUE_URL_HEADER),
					stringHeader(headers, SqsHeaders.SQS_QUEUE_NAME_HEADER));
			if (scope.segment() == null) {
				return message;
			}
			return MessageBuilder.fromMessage(message).setHeader(SEGMENT_HEADER, scope).build();
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not begin a segment for an SQS listener message", ex);
			return message;
		}
	}

	@Override
	public void afterProcessing(Message<Object> message, @Nullable Throwable t) {
		Object header = (message != null) ? message.getHeaders().get(SEGMENT_HEADER) : null;
		if (!(header instanceof SqsMessageSegment scope)) {
			return;
		}
		try {
			if (t != null) {
				scope.recordException(unwrap(t));
			}
			Entity current = this.recorder.getCurrentEntity();
			if (current != null && current.getSegment() == scope.segment()) {
				// the thread that began it: its context goes back to nothing
				scope.close();
			}
			else {
				// another thread's context was the segment's: this one's is left alone
				scope.end();
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not end the segment of an SQS listener message", ex);
		}
	}

	/**
	 * The application's exception inside the container's wrappers
	 * ({@code ListenerExecutionFailedException}, the blocking adapters' exceptions,
	 * {@link CompletionException}).
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		for (int i = 0; i < MAX_UNWRAP; i++) {
			Throwable cause = current.getCause();
			if (cause == null || cause == current || !isWrapper(current)) {
				break;
			}
			current = cause;
		}
		return current;
	}

	private static boolean isWrapper(Throwable throwable) {
		return throwable instanceof CompletionException
				|| throwable.getClass().getName().startsWith("io.awspring.cloud.sqs.");
	}

	private static @Nullable String stringHeader(MessageHeaders headers, String name) {
		Object value = headers.get(name);
		return (value instanceof String text) ? text : null;
	}

	private static @Nullable String messageId(MessageHeaders headers) {
		Object id = headers.get(SqsHeaders.MessageSystemAttributes.MESSAGE_ID);
		if (id == null) {
			id = headers.getId();
		}
		return (id != null) ? id.toString() : null;
	}

}
