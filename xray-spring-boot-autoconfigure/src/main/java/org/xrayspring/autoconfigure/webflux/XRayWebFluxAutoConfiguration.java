package org.xrayspring.autoconfigure.webflux;

import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.web.server.WebExceptionHandler;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.autoconfigure.inbound.InboundSettings;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of inbound tracing for reactive web applications: an
 * {@link XRayWebFluxHandler} around the application's {@code HttpHandler} (through an
 * {@link HttpHandlerDecoratorFactory} bean, which Spring's {@code WebHttpHandlerBuilder}
 * applies), a {@link WebExceptionHandler} that notes the exception of a failed exchange
 * for its segment, and a {@link ReactiveSegmentNamer}. It reads the same properties as
 * the servlet filter: {@code xray.service-name}, {@code xray.naming.host-pattern},
 * {@code xray.http.excluded-paths}, {@code xray.http.record-query-string} and
 * {@code xray.propagation.w3c}.
 * <p>
 * The request's segment reaches the code of the pipeline through Reactor's automatic
 * context propagation, which this configuration turns on (as Boot does for
 * {@code spring.reactor.context-propagation=auto}); the entity's
 * {@code ThreadLocalAccessor} is the async instrumentation's
 * ({@code xray.instrumentation.async.enabled}). Without it only the WebClient filter,
 * which reads the Reactor context itself, nests under the segment.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ HttpHandlerDecoratorFactory.class, WebExceptionHandler.class, Mono.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.webflux.enabled", matchIfMissing = true)
public final class XRayWebFluxAutoConfiguration {

	/**
	 * The order of the handler decorator: early, as the servlet filter's, so that the
	 * segment covers other decorators, the web filters and error handling.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	private static final Log logger = LogFactory.getLog(XRayWebFluxAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ReactiveSegmentNamer xrayReactiveSegmentNamer(XRayProperties properties, Environment environment) {
		String fixedName = InboundSettings.fixedSegmentName(properties, environment);
		if (fixedName != null) {
			return (request) -> fixedName;
		}
		Function<@Nullable String, String> naming = InboundSettings.segmentNaming(properties, environment);
		return (request) -> naming.apply(request.getHeaders().getFirst("Host"));
	}

	@Bean
	@Order(ORDER)
	HttpHandlerDecoratorFactory xrayWebFluxHandlerDecorator(XRayRecorder recorder, ReactiveSegmentNamer namer,
			XRayProperties properties) {
		return XRayWebFluxHandler.decorator(recorder, namer, properties.getHttp().isRecordQueryString(),
				InboundSettings.excludedPaths(properties), properties.getPropagation().isW3c());
	}

	@Bean
	XRayWebExceptionRecorder xrayWebExceptionRecorder() {
		return new XRayWebExceptionRecorder();
	}

	@Bean
	static AutomaticContextPropagation xrayWebFluxContextPropagation(Environment environment) {
		if (!environment.getProperty("xray.instrumentation.async.enabled", Boolean.class, true)) {
			logger.warn("X-Ray's WebFlux segments reach only WebClient calls: xray.instrumentation.async.enabled=false"
					+ " leaves the entity's ThreadLocalAccessor out, so @XRayCapture methods and AWS SDK calls in"
					+ " reactive pipelines are not part of the request's trace");
		}
		return new AutomaticContextPropagation();
	}

	/**
	 * Turns on Reactor's automatic context propagation, so that the segment in a
	 * request's Reactor context is the current entity for the pipeline's code.
	 */
	static final class AutomaticContextPropagation implements InitializingBean {

		@Override
		public void afterPropertiesSet() {
			Hooks.enableAutomaticContextPropagation();
		}

	}

}
