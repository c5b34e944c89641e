package org.xrayspring.autoconfigure.aop;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

/**
 * Records calls of methods annotated with {@link XRayCapture}, or declared in types annotated with it, as
 * subsegments of the current entity. Outside a trace the method simply runs.
 */
@Aspect
public final class XRayCaptureAspect {

	/** Names are computed once per method; more methods than this are named each call instead. */
	private static final int MAX_CACHED_NAMES = 10_000;

	private final XRayRecorder recorder;

	private final Map<Method, String> names = new ConcurrentHashMap<>();

	/**
	 * Creates the aspect.
	 * @param recorder the recorder
	 */
	public XRayCaptureAspect(XRayRecorder recorder) {
		this.recorder = recorder;
	}

	/**
	 * Runs the intercepted method in a subsegment.
	 * @param joinPoint the call
	 * @return the method's result
	 * @throws Throwable what the method throws
	 */
	@Around("execution(* *(..)) && (@annotation(org.xrayspring.annotation.XRayCapture) "
			+ "|| @within(org.xrayspring.annotation.XRayCapture))")
	public Object capture(ProceedingJoinPoint joinPoint) throws Throwable {
		if (this.recorder.getCurrentEntity() == null) {
			return joinPoint.proceed();
		}
		Subsegment subsegment = this.recorder.beginSubsegmentIfTraced(name(joinPoint));
		if (subsegment == null) {
			return joinPoint.proceed();
		}
		try {
			return joinPoint.proceed();
		}
		catch (Throwable ex) {
			subsegment.addException(ex);
			throw ex;
		}
		finally {
			subsegment.end();
		}
	}

	private String name(ProceedingJoinPoint joinPoint) {
		Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
		Class<?> targetClass = (joinPoint.getTarget() != null) ? AopUtils.getTargetClass(joinPoint.getTarget())
				: method.getDeclaringClass();
		Method specific = ClassUtils.getMostSpecificMethod(method, targetClass);
		String name = this.names.get(specific);
		if (name == null) {
			name = computeName(specific, targetClass);
			if (this.names.size() < MAX_CACHED_NAMES) {
				this.names.put(specific, name);
			}
		}
		return name;
	}

	private static String computeName(Method method, Class<?> targetClass) {
		XRayCapture capture = AnnotatedElementUtils.findMergedAnnotation(method, XRayCapture.class);
		if (capture == null) {
			capture = AnnotatedElementUtils.findMergedAnnotation(targetClass, XRayCapture.class);
		}
		if (capture != null) {
			String given = StringUtils.hasText(capture.value()) ? capture.value() : capture.name();
			if (StringUtils.hasText(given)) {
				return given;
			}
		}
		return ClassUtils.getUserClass(targetClass).getSimpleName() + "." + method.getName();
	}

}
