package org.xrayspring.autoconfigure.capture;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@link org.xrayspring.annotation.XRayCapture @XRayCapture}: a
 * bean post-processor that advises annotated methods through Spring AOP (see
 * {@link XRayCaptureBeanPostProcessor}). Needs nothing beyond Spring's own
 * {@code spring-aop} (no AspectJ weaver), and keeps working when the application uses
 * AspectJ-style aspects.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.capture.enabled", matchIfMissing = true)
public final class XRayCaptureAutoConfiguration {

	/**
	 * Static, as a bean post-processor must be; it looks the recorder up on the first
	 * captured call so that the recorder and what it depends on are not created early,
	 * outside the reach of other post-processors.
	 * @param recorder the recorder
	 * @param environment the environment, for Boot's
	 * {@code spring.aop.proxy-target-class} (default: class proxies, as Boot's own AOP
	 * and method validation do)
	 * @return the post-processor
	 */
	@Bean
	@ConditionalOnMissingBean
	static XRayCaptureBeanPostProcessor xrayCaptureBeanPostProcessor(ObjectProvider<XRayRecorder> recorder,
			Environment environment) {
		XRayCaptureBeanPostProcessor postProcessor = new XRayCaptureBeanPostProcessor(
				SingletonSupplier.of(recorder::getObject));
		postProcessor
			.setProxyTargetClass(environment.getProperty("spring.aop.proxy-target-class", Boolean.class, Boolean.TRUE));
		return postProcessor;
	}

}
