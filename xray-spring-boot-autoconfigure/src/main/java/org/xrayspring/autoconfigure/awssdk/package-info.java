/**
 * Tracing of AWS SDK for Java v2 calls.
 * <p>
 * <b>Mechanism.</b> The jar lists
 * {@link org.xrayspring.autoconfigure.awssdk.XRayAwsSdkInterceptor} in the SDK's global
 * interceptor file {@code software/amazon/awssdk/global/handlers/execution.interceptors},
 * which the SDK reads whenever it builds a client, sync or async. So clients built
 * anywhere are reached: Spring beans, clients built by hand in application code, clients
 * built by other libraries, and clients built before the context started. The global
 * instance holds no state; it delegates to the interceptor the auto-configuration
 * installs (backed by the context's recorder) and does nothing while none is installed,
 * which is the case with {@code xray.instrumentation.aws-sdk.enabled=false},
 * {@code xray.enabled=false}, or after the context closed. A bean post-processor adding
 * the interceptor to client builder beans was not chosen: it misses clients built by
 * hand, which are the common case with the SDK.
 * <p>
 * <b>Threads.</b> The parent entity is captured in {@code beforeExecution} on the calling
 * thread and the subsegment kept in the call's execution attributes; the subsegment is
 * never made current on the calling thread, so async clients, which complete on the SDK's
 * threads, need no thread-local state.
 */
@NullMarked
package org.xrayspring.autoconfigure.awssdk;

import org.jspecify.annotations.NullMarked;
