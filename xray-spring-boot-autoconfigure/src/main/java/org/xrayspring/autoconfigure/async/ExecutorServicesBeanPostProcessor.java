package org.xrayspring.autoconfigure.async;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.context.ContextExecutorService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Wraps {@link ExecutorService} beans with context-propagation's
 * {@link ContextExecutorService}, so that tasks submitted to them carry the current X-Ray
 * entity. This is the one kind of executor no supported extension point reaches: Boot
 * applies {@code TaskDecorator} beans to the Spring executors and schedulers its builders
 * build, but a JDK {@code ExecutorService} has no decorator to set.
 * <p>
 * Only a bean declared as {@code ExecutorService} or {@code Executor} is wrapped: a bean
 * declared as, say, {@code ThreadPoolExecutor} cannot be replaced by a wrapper without
 * breaking its injection points, so it is left alone. So is a bean declared as
 * {@link ScheduledExecutorService}: context-propagation's scheduled wrapper would run
 * every repetition of a periodic task under the entity that scheduled it, keeping that
 * trace open for ever.
 * <p>
 * Spring executors the application constructs itself
 * ({@code new ThreadPoolTaskExecutor()} and the like) are not touched: Spring offers no
 * way to read the decorator such an executor already has, so setting ours could only
 * replace the application's. Built from Boot's builders
 * ({@code ThreadPoolTaskExecutorBuilder}, {@code SimpleAsyncTaskExecutorBuilder},
 * {@code ThreadPoolTaskSchedulerBuilder}, {@code SimpleAsyncTaskSchedulerBuilder}) they
 * get the {@link XRayTaskDecorator}; built by hand, they need it set
 * ({@code setTaskDecorator}, composed with their own through
 * {@code CompositeTaskDecorator}).
 */
final class ExecutorServicesBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(ExecutorServicesBeanPostProcessor.class);

	private final ObjectProvider<EntityPropagation> propagation;

	private ConfigurableListableBeanFactory beanFactory;

	ExecutorServicesBeanPostProcessor(ObjectProvider<EntityPropagation> propagation) {
		this.propagation = propagation;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ExecutorService executorService && !(bean instanceof ContextExecutorService)) {
			return wrap(executorService, beanName);
		}
		return bean;
	}

	private Object wrap(ExecutorService executorService, String beanName) {
		Class<?> declared = declaredType(beanName);
		if (isDeclaredAsInterfaceOf(declared, ExecutorService.class)) {
			return ContextExecutorService.wrap(executorService, this.propagation.getObject()::capture);
		}
		logger.debug("ExecutorService bean '" + beanName + "' is declared as " + declared
				+ "; it is not wrapped and does not propagate X-Ray context");
		return executorService;
	}

	private static boolean isDeclaredAsInterfaceOf(Class<?> declared, Class<? extends Executor> wrapperType) {
		return declared != null && declared.isInterface() && declared.isAssignableFrom(wrapperType);
	}

	private Class<?> declaredType(String beanName) {
		if (this.beanFactory == null || beanName == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return null;
		}
		try {
			BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
			return definition.getResolvableType().resolve();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
