package org.xrayspring.autoconfigure.async;

import io.micrometer.context.ContextRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that carries the current X-Ray entity across thread hops through
 * Micrometer's context-propagation library, which the starter brings (without it nothing
 * is propagated, and a warning at start-up says so):
 * <ul>
 * <li>a {@code ThreadLocalAccessor} for the recorder's entity, registered in
 * {@link ContextRegistry#getInstance()} while the application context runs (key:
 * {@link EntityContextKey#of(XRayRecorder)});</li>
 * <li>an {@link XRayTaskDecorator} bean, which Boot's task executor and scheduler
 * builders apply (composed with any other {@code TaskDecorator} bean) to what they build,
 * {@code applicationTaskExecutor} and {@code taskScheduler} included, so {@code @Async}
 * methods and {@code CompletableFuture.supplyAsync(..., executor)} nest under the
 * submitting entity;</li>
 * <li>a bean post-processor wrapping {@code ExecutorService} beans, which no decorator
 * reaches (see {@link ExecutorServicesBeanPostProcessor}). Spring executors the
 * application constructs without Boot's builders are left alone: they need the decorator
 * set by hand.</li>
 * <li>when Reactor is present, {@link Hooks#enableAutomaticContextPropagation()}, so that
 * Reactor restores the entity on the threads of a pipeline subscribed with it in its
 * context (as {@code block()} does). This hook is global to the JVM and stays on after
 * the context closes.</li>
 * </ul>
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.async.enabled", matchIfMissing = true)
public final class XRayContextPropagationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(XRayContextPropagationAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ContextRegistry.class)
	static class PropagationConfiguration {

		@Bean(initMethod = "register", destroyMethod = "unregister")
		EntityPropagation xrayEntityPropagation(XRayRecorder recorder) {
			return new EntityPropagation(recorder, ContextRegistry.getInstance());
		}

		@Bean
		XRayTaskDecorator xrayTaskDecorator(EntityPropagation propagation) {
			return new XRayTaskDecorator(propagation);
		}

		@Bean
		static ExecutorServicesBeanPostProcessor xrayExecutorServicesBeanPostProcessor(
				ObjectProvider<EntityPropagation> propagation) {
			return new ExecutorServicesBeanPostProcessor(propagation);
		}

	}

	/**
	 * The starter brings context-propagation; an application that left it out (or uses
	 * the autoconfigure module alone) is told that traces stop at thread hops, rather
	 * than finding out from its traces.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.micrometer.context.ContextRegistry")
	static class WithoutContextPropagationConfiguration {

		WithoutContextPropagationConfiguration() {
			logger.warn("X-Ray thread hops are off: io.micrometer:context-propagation is not on the class path, so "
					+ "work on other threads (@Async, task executors, Callable, Reactor) is not part of the "
					+ "request's trace. Add it (xray-spring-boot-starter brings it), or set "
					+ "xray.instrumentation.async.enabled=false to silence this message.");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ContextRegistry.class, Hooks.class })
	static class ReactorConfiguration {

		@Bean
		ReactorContextPropagation xrayReactorContextPropagation() {
			return new ReactorContextPropagation();
		}

	}

	/**
	 * Turns on Reactor's automatic context propagation (which Boot also does for
	 * {@code spring.reactor.context-propagation=auto}).
	 */
	static final class ReactorContextPropagation implements InitializingBean {

		@Override
		public void afterPropertiesSet() {
			Hooks.enableAutomaticContextPropagation();
		}

	}

}
