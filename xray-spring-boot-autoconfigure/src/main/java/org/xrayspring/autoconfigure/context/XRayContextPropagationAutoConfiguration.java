package org.xrayspring.autoconfigure.context;

import io.micrometer.context.ContextRegistry;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} that carries the
 * current X-Ray entity across thread hops through Micrometer's context-propagation library:
 * <ul>
 * <li>a {@code ThreadLocalAccessor} for the recorder's entity, registered in {@link ContextRegistry#getInstance()}
 * while the application context runs (key: {@link EntityContextKey#of(XRayRecorder)});</li>
 * <li>an {@link XRayTaskDecorator} bean, which Boot's task executor builders apply (composed with any other
 * {@code TaskDecorator} bean) to the executors they build, {@code applicationTaskExecutor} included, so
 * {@code @Async} methods and {@code CompletableFuture.supplyAsync(..., executor)} nest under the submitting
 * entity;</li>
 * <li>a bean post-processor applying the decorator to Spring executor beans the application builds itself and
 * wrapping {@code ExecutorService} beans (see {@link ExecutorsBeanPostProcessor});</li>
 * <li>when Reactor is present, {@link Hooks#enableAutomaticContextPropagation()}, so that Reactor restores the
 * entity on the threads of a pipeline subscribed with it in its context (as {@code block()} does). This hook is
 * global to the JVM and stays on after the context closes.</li>
 * </ul>
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass(ContextRegistry.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.async.enabled", matchIfMissing = true)
public final class XRayContextPropagationAutoConfiguration {

	@Bean(initMethod = "register", destroyMethod = "unregister")
	EntityPropagation xrayEntityPropagation(XRayRecorder recorder) {
		return new EntityPropagation(recorder, ContextRegistry.getInstance());
	}

	@Bean
	XRayTaskDecorator xrayTaskDecorator(EntityPropagation propagation) {
		return new XRayTaskDecorator(propagation);
	}

	@Bean
	static ExecutorsBeanPostProcessor xrayExecutorsBeanPostProcessor(ObjectProvider<XRayTaskDecorator> decorator,
			ObjectProvider<EntityPropagation> propagation) {
		return new ExecutorsBeanPostProcessor(decorator, propagation);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Hooks.class)
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
