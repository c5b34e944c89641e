package org.xrayspring.autoconfigure.context;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.context.ContextExecutorService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * Makes executor beans carry the current X-Ray entity to their tasks.
 * <ul>
 * <li>{@link ThreadPoolTaskExecutor}, {@link ThreadPoolTaskScheduler} and {@link SimpleAsyncTaskExecutor} beans get
 * the {@link XRayTaskDecorator}, composed after a decorator they already have (Boot's builders already apply it
 * to the executors they build, as they apply every {@code TaskDecorator} bean; those are left alone). Spring has
 * no getter for the decorator, so it is read reflectively; when that fails the executor is left alone rather than
 * losing the application's decorator.</li>
 * <li>{@link ExecutorService} beans are wrapped with {@link ContextExecutorService}, but only when the bean is
 * declared as {@code ExecutorService} or {@code Executor}: a bean declared as, say, {@code ThreadPoolExecutor}
 * cannot be replaced by a wrapper without breaking its injection points, so it is left alone. So is a bean declared
 * as {@link ScheduledExecutorService}: context-propagation's scheduled wrapper would run every repetition of a
 * periodic task under the entity that scheduled it, keeping that trace open for ever.</li>
 * </ul>
 */
final class ExecutorsBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private static final Log logger = LogFactory.getLog(ExecutorsBeanPostProcessor.class);

	private final ObjectProvider<XRayTaskDecorator> decorator;

	private final ObjectProvider<EntityPropagation> propagation;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	ExecutorsBeanPostProcessor(ObjectProvider<XRayTaskDecorator> decorator,
			ObjectProvider<EntityPropagation> propagation) {
		this.decorator = decorator;
		this.propagation = propagation;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		// before initialization: ThreadPoolTaskExecutor builds its pool in afterPropertiesSet
		if (bean instanceof ThreadPoolTaskExecutor || bean instanceof ThreadPoolTaskScheduler
				|| bean instanceof SimpleAsyncTaskExecutor) {
			decorate(bean, beanName);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ExecutorService executorService && !(bean instanceof ContextExecutorService)) {
			return wrap(executorService, beanName);
		}
		return bean;
	}

	private void decorate(Object executor, String beanName) {
		XRayTaskDecorator xray = this.decorator.getObject();
		Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
		if (field == null) {
			logger.debug("Cannot read the task decorator of '" + beanName + "'; X-Ray context is not propagated");
			return;
		}
		try {
			ReflectionUtils.makeAccessible(field);
			TaskDecorator existing = (TaskDecorator) field.get(executor);
			if (contains(existing, xray)) {
				return;
			}
			TaskDecorator decorator = (existing != null) ? new CompositeTaskDecorator(List.of(existing, xray)) : xray;
			setTaskDecorator(executor, decorator);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			logger.debug("Cannot set the task decorator of '" + beanName + "'; X-Ray context is not propagated", ex);
		}
	}

	private static boolean contains(TaskDecorator existing, XRayTaskDecorator xray) {
		if (existing == null) {
			return false;
		}
		if (existing instanceof XRayTaskDecorator) {
			return true;
		}
		if (existing instanceof CompositeTaskDecorator) {
			Field field = ReflectionUtils.findField(CompositeTaskDecorator.class, "taskDecorators");
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
				Object decorators = ReflectionUtils.getField(field, existing);
				if (decorators instanceof Iterable<?> iterable) {
					for (Object decorator : iterable) {
						if (decorator instanceof XRayTaskDecorator) {
							return true;
						}
					}
				}
			}
		}
		return false;
	}

	private static void setTaskDecorator(Object executor, TaskDecorator decorator) {
		if (executor instanceof ThreadPoolTaskExecutor threadPool) {
			threadPool.setTaskDecorator(decorator);
		}
		else if (executor instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.setTaskDecorator(decorator);
		}
		else if (executor instanceof SimpleAsyncTaskExecutor simple) {
			simple.setTaskDecorator(decorator);
		}
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

	private @Nullable Class<?> declaredType(String beanName) {
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
