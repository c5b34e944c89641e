/**
 * Tracing of Amazon SQS consumers: a segment per received message, joined to the
 * producer's trace carried in the message's {@code AWSTraceHeader} system attribute.
 * <p>
 * <b>Mechanism.</b> {@link org.xrayspring.autoconfigure.sqs.XRaySqsMessages} is the
 * one-line API for messages received with the AWS SDK for Java v2;
 * {@link org.xrayspring.autoconfigure.sqs.XRaySqsListenerInterceptor} applies it to every
 * {@code @SqsListener} method of Spring Cloud AWS, as a {@code MessageInterceptor} bean,
 * the extension point its listener container factory collects.
 * {@link org.xrayspring.autoconfigure.sqs.XRaySqsReceiveInterceptor}, listed in the SDK's
 * global interceptor file, makes a {@code ReceiveMessage} call that asks for no system
 * attribute ask for {@code AWSTraceHeader}, so that the consumer API finds the trace
 * without the application having to remember to request it. The producer's side (the
 * {@code AWSTraceHeader} set on each message sent inside a trace) belongs to the AWS SDK
 * instrumentation, which records the send. Switch:
 * {@code xray.instrumentation.sqs.enabled}.
 */
@NullMarked
package org.xrayspring.autoconfigure.sqs;

import org.jspecify.annotations.NullMarked;
