package org.xrayspring.autoconfigure.sqs;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * An AWS SDK for Java v2 {@link ExecutionInterceptor} that makes an SQS
 * {@code ReceiveMessage} call which asks for no message system attribute (neither
 * {@code MessageSystemAttributeNames} nor the older {@code AttributeNames}) ask for
 * {@code AWSTraceHeader}, so that {@link XRaySqsMessages} finds the producer's trace. A
 * call that asks for any attribute is left as it is: the application chose, and
 * {@code All} includes the trace header.
 * <p>
 * The SDK creates one instance for every client it builds, because this jar lists the
 * class in {@code software/amazon/awssdk/global/handlers/execution.interceptors}; it acts
 * only while the auto-configuration has {@linkplain #activate(Object) activated} it, and
 * touches no class of the SQS client's model for calls to other services (the {@code sqs}
 * jar may be absent).
 */
public final class XRaySqsReceiveInterceptor implements ExecutionInterceptor {

	private static final ThrottledLogger logger = new ThrottledLogger(XRaySqsReceiveInterceptor.class.getName(),
			60_000);

	private static final AtomicReference<@Nullable Object> activation = new AtomicReference<>();

	/**
	 * Activates every instance, until {@link #deactivate(Object)} with the same token.
	 * @param token identifies the activation (the application context's)
	 */
	static void activate(Object token) {
		activation.set(token);
	}

	/**
	 * Deactivates every instance, unless another activation happened since.
	 * @param token the token given to {@link #activate(Object)}
	 */
	static void deactivate(Object token) {
		activation.compareAndSet(token, null);
	}

	static boolean isActive() {
		return activation.get() != null;
	}

	@Override
	public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
		SdkRequest request = context.request();
		if (activation.get() == null || !"Sqs".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
			return request;
		}
		try {
			return SqsReceives.withTraceHeaderRequested(request);
		}
		catch (RuntimeException | LinkageError ex) {
			logger.warnThrottled("X-Ray could not ask an SQS receive for the AWSTraceHeader attribute", ex);
			return request;
		}
	}

	/**
	 * Keeps references to the SQS client's model out of the interceptor's own class.
	 */
	private static final class SqsReceives {

		static SdkRequest withTraceHeaderRequested(SdkRequest request) {
			if (!(request instanceof ReceiveMessageRequest receive)) {
				return request;
			}
			if (receive.hasMessageSystemAttributeNames() || receive.hasAttributeNames()) {
				return request;
			}
			return receive.toBuilder().messageSystemAttributeNames(MessageSystemAttributeName.AWS_TRACE_HEADER).build();
		}

	}

}
