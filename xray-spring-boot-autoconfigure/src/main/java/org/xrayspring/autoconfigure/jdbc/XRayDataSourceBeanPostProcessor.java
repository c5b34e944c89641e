package org.xrayspring.autoconfigure.jdbc;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.Ordered;

import org.xrayspring.autoconfigure.XRayProperties.Jdbc.RecordSql;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Wraps every {@link DataSource} bean in an {@link XRayDataSource}, once. Routing data
 * sources are left alone (the data sources they route to are beans or pools of their own,
 * and wrapping both would record every statement twice), as are data sources that already
 * wrap an {@code XRayDataSource} and beans whose destroy method the wrapper cannot offer.
 * <p>
 * Runs last so that it wraps whatever other post-processors produced.
 */
final class XRayDataSourceBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final ThrottledLogger logger = new ThrottledLogger(XRayDataSourceBeanPostProcessor.class.getName(),
			60_000);

	private static final String ROUTING_DATA_SOURCE = "org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource";

	private static final Set<String> SUPPORTED_DESTROY_METHODS = Set.of("", "close",
			AbstractBeanDefinition.INFER_METHOD);

	private final Supplier<XRayRecorder> recorder;

	private final Supplier<RecordSql> recordSql;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	XRayDataSourceBeanPostProcessor(Supplier<XRayRecorder> recorder, Supplier<RecordSql> recordSql) {
		this.recorder = recorder;
		this.recordSql = recordSql;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof DataSource dataSource && shouldWrap(dataSource, beanName)) {
			return new XRayDataSource(dataSource, this.recorder, this.recordSql);
		}
		return bean;
	}

	private boolean shouldWrap(DataSource dataSource, String beanName) {
		if (dataSource instanceof XRayDataSource || isRouting(dataSource.getClass()) || isWrapped(dataSource)) {
			return false;
		}
		// the scoped proxy is wrapped; wrapping its target too would record each
		// statement twice
		if (beanName != null && ScopedProxyUtils.isScopedTarget(beanName)) {
			return false;
		}
		return hasSupportedDestroyMethod(beanName);
	}

	static boolean isRouting(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			if (ROUTING_DATA_SOURCE.equals(candidate.getName())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isWrapped(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(XRayDataSource.class);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The context calls the bean's destroy method on the wrapper; it offers
	 * {@code close()} only.
	 */
	private boolean hasSupportedDestroyMethod(String beanName) {
		if (this.beanFactory == null || beanName == null || !this.beanFactory.containsBeanDefinition(beanName)) {
			return true;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
		if (definition instanceof AbstractBeanDefinition abstractDefinition
				&& abstractDefinition.getDestroyMethodNames() != null) {
			for (String name : abstractDefinition.getDestroyMethodNames()) {
				if (!SUPPORTED_DESTROY_METHODS.contains(name)) {
					logger.debug(() -> "DataSource bean '" + beanName + "' has destroy method '" + name
							+ "'; not traced by X-Ray");
					return false;
				}
			}
		}
		return true;
	}

}
