package org.xrayspring.autoconfigure.capture;

import java.lang.reflect.Method;

import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;

import org.xrayspring.annotation.XRayCapture;

/**
 * Matches the methods {@link CaptureNames} captures. One pointcut for method- and
 * type-level annotations, so a method that is annotated and declared in an annotated type
 * is advised once.
 */
final class XRayCapturePointcut extends StaticMethodMatcherPointcut {

	XRayCapturePointcut() {
		// skips the methods of classes that cannot carry the annotation (java.*), as
		// Spring's annotation pointcuts do
		setClassFilter((type) -> AnnotationUtils.isCandidateClass(type, XRayCapture.class));
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return CaptureNames.nameOf(method, targetClass) != null;
	}

}
