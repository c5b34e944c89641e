package org.xrayspring.autoconfigure.webflux;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Notes the exception of a failed exchange for the request's segment, as the first of the
 * {@link WebExceptionHandler}s, and passes it on unchanged to the handlers that answer it
 * (Boot's error handler, for example). The segment records it as the cause, with the
 * status those handlers sent.
 */
final class XRayWebExceptionRecorder implements WebExceptionHandler, Ordered {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		return Mono.deferContextual((context) -> {
			Object trace = context.getOrDefault(XRayWebFluxHandler.TRACE_KEY, null);
			if (trace instanceof XRayWebFluxHandler.RequestTrace requestTrace) {
				requestTrace.handled(ex);
			}
			return Mono.error(ex);
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
