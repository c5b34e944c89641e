package org.xrayspring.autoconfigure.httpclient;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import org.xrayspring.autoconfigure.async.EntityContextKey;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

/**
 * Traces exchanges of {@code WebClient}, recording the same as
 * {@link XRayClientHttpRequestInterceptor}.
 * <p>
 * The parent is looked up when the exchange is subscribed: first in the Reactor
 * {@code Context} under {@link EntityContextKey#of(XRayRecorder)} (where Reactor's
 * automatic context propagation and {@code contextCapture()} put the entity), else the
 * entity current on the subscribing thread. Without either the exchange passes through
 * untouched. The subsegment ends when the response headers arrive, the exchange fails or
 * it is cancelled; it never becomes current on any thread, so the pipeline's threads keep
 * their context.
 */
public final class XRayExchangeFilterFunction implements ExchangeFilterFunction {

	private final XRayRecorder recorder;

	private final Object contextKey;

	private final boolean w3cPropagation;

	/**
	 * Creates a filter that sends W3C Trace Context too.
	 * @param recorder the recorder
	 */
	public XRayExchangeFilterFunction(XRayRecorder recorder) {
		this(recorder, true);
	}

	/**
	 * Creates a filter.
	 * @param recorder the recorder
	 * @param w3cPropagation whether {@code traceparent} and {@code tracestate} are sent
	 * beside {@code X-Amzn-Trace-Id}
	 */
	public XRayExchangeFilterFunction(XRayRecorder recorder, boolean w3cPropagation) {
		this.recorder = recorder;
		this.contextKey = EntityContextKey.of(recorder);
		this.w3cPropagation = w3cPropagation;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.deferContextual((context) -> {
			Subsegment subsegment = begin(parent(context), request);
			if (subsegment == null) {
				return next.exchange(request);
			}
			ClientRequest traced = ClientRequest.from(request)
				.headers((headers) -> HttpSubsegments.propagate(headers, subsegment, this.w3cPropagation))
				.build();
			AtomicBoolean ended = new AtomicBoolean();
			// ended before the signal travels downstream, so the caller never sees the
			// response before the
			// subsegment is complete
			return next.exchange(traced).doOnSuccess((response) -> {
				recordResponse(subsegment, response);
				end(subsegment, ended, false);
			}).doOnError((ex) -> {
				recordError(subsegment, ex);
				end(subsegment, ended, false);
			}).doOnCancel(() -> end(subsegment, ended, true));
		});
	}

	private @Nullable Entity parent(ContextView context) {
		Object entity = context.getOrDefault(this.contextKey, null);
		return (entity instanceof Entity parent) ? parent : this.recorder.getCurrentEntity();
	}

	private @Nullable Subsegment begin(Entity parent, ClientRequest request) {
		if (parent == null) {
			return null;
		}
		Subsegment subsegment = null;
		try {
			// never current: the exchange completes on other threads, and this thread
			// carries on with what it had
			subsegment = this.recorder.startSubsegment(parent, HttpSubsegments.name(request.url()));
			if (subsegment.isSampled()) {
				HttpSubsegments.recordRequest(subsegment, request.method().name(), request.url());
			}
			return subsegment;
		}
		catch (RuntimeException ex) {
			HttpSubsegments.logger.warnThrottled("X-Ray could not trace the call of " + request.url().getHost(), ex);
			if (subsegment != null) {
				subsegment.end();
			}
			return null;
		}
	}

	private static void recordResponse(Subsegment subsegment, ClientResponse response) {
		if (response == null || !subsegment.isSampled()) {
			return;
		}
		try {
			HttpSubsegments.recordResponse(subsegment, response.statusCode().value(),
					response.headers().contentLength().orElse(-1));
		}
		catch (RuntimeException ex) {
			HttpSubsegments.logger.warnThrottled("X-Ray could not record an HTTP response", ex);
		}
	}

	private static void recordError(Subsegment subsegment, Throwable ex) {
		if (subsegment.isSampled()) {
			try {
				subsegment.addException(ex, true);
			}
			catch (RuntimeException failure) {
				HttpSubsegments.logger.warnThrottled("X-Ray could not record an HTTP client exception", failure);
			}
		}
	}

	private static void end(Subsegment subsegment, AtomicBoolean ended, boolean cancelled) {
		if (!ended.compareAndSet(false, true)) {
			return;
		}
		try {
			if (cancelled && subsegment.isSampled()) {
				subsegment.putMetadata("http", "cancelled", true);
			}
			subsegment.end();
		}
		catch (RuntimeException ex) {
			HttpSubsegments.logger.warnThrottled("X-Ray could not end an HTTP client subsegment", ex);
		}
	}

}
