package org.xrayspring.autoconfigure.aop;

import org.aspectj.weaver.Advice;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of the
 * {@link XRayCaptureAspect} for {@link org.xrayspring.annotation.XRayCapture @XRayCapture}. Needs the AspectJ
 * weaver, like Spring Boot's own AOP auto-configuration that turns aspects into proxies.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class,
		afterName = "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration")
@ConditionalOnClass(Advice.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.capture.enabled", matchIfMissing = true)
public final class XRayCaptureAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	XRayCaptureAspect xrayCaptureAspect(XRayRecorder recorder) {
		return new XRayCaptureAspect(recorder);
	}

}
