package org.xrayspring.autoconfigure.httpclient;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

/**
 * Traces calls of {@code RestTemplate} and {@code RestClient}: within a trace each call
 * is a {@code remote} subsegment named after the target host, with {@code http.request}
 * (method, URL without query string), {@code http.response} (status, content length),
 * error/throttle/fault from the status and a thrown exception as the cause
 * ({@code remote: true}). The request carries {@code X-Amzn-Trace-Id} with this
 * subsegment as parent, also when the trace is not sampled, and with W3C propagation on,
 * {@code traceparent} (this subsegment as parent span) and the {@code tracestate} the
 * segment received. Outside a trace the call passes through untouched.
 * <p>
 * Failures of the tracing itself are logged (throttled) and never reach the caller.
 */
public final class XRayClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final XRayRecorder recorder;

	private final boolean w3cPropagation;

	/**
	 * Creates an interceptor that sends W3C Trace Context too.
	 * @param recorder the recorder
	 */
	public XRayClientHttpRequestInterceptor(XRayRecorder recorder) {
		this(recorder, true);
	}

	/**
	 * Creates an interceptor.
	 * @param recorder the recorder
	 * @param w3cPropagation whether {@code traceparent} and {@code tracestate} are sent
	 * beside {@code X-Amzn-Trace-Id}
	 */
	public XRayClientHttpRequestInterceptor(XRayRecorder recorder, boolean w3cPropagation) {
		this.recorder = recorder;
		this.w3cPropagation = w3cPropagation;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Subsegment subsegment = begin(request);
		if (subsegment == null) {
			return execution.execute(request, body);
		}
		try {
			ClientHttpResponse response = execution.execute(request, body);
			recordResponse(subsegment, response);
			return response;
		}
		catch (IOException | RuntimeException | Error ex) {
			if (subsegment.isSampled()) {
				subsegment.addException(ex, true);
			}
			throw ex;
		}
		finally {
			end(subsegment);
		}
	}

	private @Nullable Subsegment begin(HttpRequest request) {
		Subsegment subsegment = null;
		try {
			subsegment = this.recorder.beginSubsegmentIfTraced(HttpSubsegments.name(request.getURI()));
			if (subsegment == null) {
				return null;
			}
			HttpSubsegments.propagate(request.getHeaders(), subsegment, this.w3cPropagation);
			if (subsegment.isSampled()) {
				HttpSubsegments.recordRequest(subsegment, request.getMethod().name(), request.getURI());
			}
			return subsegment;
		}
		catch (RuntimeException ex) {
			HttpSubsegments.logger.warnThrottled("X-Ray could not trace the call of " + request.getURI().getHost(), ex);
			end(subsegment);
			return null;
		}
	}

	private static void recordResponse(Subsegment subsegment, ClientHttpResponse response) {
		if (!subsegment.isSampled()) {
			return;
		}
		try {
			HttpSubsegments.recordResponse(subsegment, response.getStatusCode().value(),
					response.getHeaders().getContentLength());
		}
		catch (IOException | RuntimeException ex) {
			HttpSubsegments.logger.warnThrottled("X-Ray could not record an HTTP response", ex);
		}
	}

	private static void end(Subsegment subsegment) {
		if (subsegment == null) {
			return;
		}
		try {
			subsegment.end();
		}
		catch (RuntimeException ex) {
			HttpSubsegments.logger.warnThrottled("X-Ray could not end an HTTP client subsegment", ex);
		}
	}

}
