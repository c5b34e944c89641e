package org.xrayspring.autoconfigure.capture;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopConfigException;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.core.Ordered;

import org.xrayspring.recorder.XRayRecorder;

/**
 * Applies the {@link XRayCaptureInterceptor} to beans with
 * {@link org.xrayspring.annotation.XRayCapture} methods, the way Spring applies
 * {@code @Async} ({@code AsyncAnnotationBeanPostProcessor}), {@code @Validated}
 * ({@code MethodValidationPostProcessor}) and {@code @Retryable}: Spring AOP only, no
 * AspectJ weaver.
 * <p>
 * Why an advising post-processor rather than an {@code Advisor} bean for an auto-proxy
 * creator (the way {@code @Transactional} is built): an {@code Advisor} bean is only
 * applied when some auto-proxy creator is registered (Boot's {@code AopAutoConfiguration}
 * registers one, but not with {@code spring.aop.auto=false}), and Boot's AspectJ-less
 * creator only takes infrastructure advisors. This post-processor works with or without
 * one. Running after the auto-proxy creator (which is ordered first), it adds its advisor
 * to the proxy that creator made, so a bean that also has aspects, {@code @Transactional}
 * or {@code @Cacheable} methods is proxied once; it only creates a proxy for a bean that
 * has none. Its advisor is not a bean, so no auto-proxy creator applies it a second time.
 * <p>
 * The advisor goes before the existing ones, so the subsegment includes what they do (a
 * transaction's commit, a cache look-up). This post-processor runs just before
 * {@code @Async}'s, which puts its own advisor first in turn: an
 * {@code @Async @XRayCapture} method is recorded on the executor's thread, where it
 * actually runs.
 */
final class XRayCaptureBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final Log logger = LogFactory.getLog(XRayCaptureBeanPostProcessor.class);

	XRayCaptureBeanPostProcessor(Supplier<XRayRecorder> recorder) {
		this.advisor = new DefaultPointcutAdvisor(new XRayCapturePointcut(), new XRayCaptureInterceptor(recorder));
		this.beforeExistingAdvisors = true;
		setOrder(Ordered.LOWEST_PRECEDENCE - 1);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof Advised advised && advised.indexOf(this.advisor) >= 0) {
			// the same proxy exposed again, as another bean or by a factory method
			// returning an existing bean
			return bean;
		}
		try {
			return super.postProcessAfterInitialization(bean, beanName);
		}
		catch (AopConfigException ex) {
			// a final class, for example: the application keeps working, without these
			// subsegments
			logger.warn("Cannot proxy bean '" + beanName + "' for @XRayCapture; its methods are not recorded: "
					+ ex.getMessage());
			return bean;
		}
	}

}
