package org.xrayspring.autoconfigure.aop;

import java.lang.reflect.Method;

import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches the methods {@link CaptureNames} captures. One pointcut for method- and type-level annotations, so a
 * method that is annotated and declared in an annotated type is advised once.
 */
final class XRayCapturePointcut extends StaticMethodMatcherPointcut {

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return CaptureNames.nameOf(method, targetClass) != null;
	}

}
