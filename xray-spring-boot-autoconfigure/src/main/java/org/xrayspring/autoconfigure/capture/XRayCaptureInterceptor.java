package org.xrayspring.autoconfigure.capture;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;

import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

/**
 * Runs a captured method in a subsegment of the current entity: named as
 * {@link CaptureNames} says, the method's exception recorded on it and rethrown, the
 * subsegment ended when the method returns (for a method returning a
 * {@code CompletableFuture} or a reactive type, when it returns that value, not when the
 * value completes). Outside a trace the method simply runs and nothing is recorded or
 * logged above debug.
 */
final class XRayCaptureInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(XRayCaptureInterceptor.class);

	/**
	 * Names are computed once per method and class; more than this many are computed on
	 * each call instead.
	 */
	private static final int MAX_CACHED_NAMES = 10_000;

	private final Supplier<XRayRecorder> recorder;

	private final Map<MethodClassKey, String> names = new ConcurrentHashMap<>();

	/**
	 * Creates the interceptor.
	 * @param recorder supplies the recorder on the first call: the post-processor holding
	 * this interceptor is created before the recorder bean, which must not be created
	 * early on its behalf
	 */
	XRayCaptureInterceptor(Supplier<XRayRecorder> recorder) {
		this.recorder = recorder;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		XRayRecorder recorder = recorder();
		if (recorder == null || recorder.getCurrentEntity() == null) {
			return invocation.proceed();
		}
		Subsegment subsegment = recorder.beginSubsegmentIfTraced(name(invocation));
		if (subsegment == null) {
			return invocation.proceed();
		}
		try {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			subsegment.addException(ex);
			throw ex;
		}
		finally {
			subsegment.end();
		}
	}

	private @Nullable XRayRecorder recorder() {
		try {
			return this.recorder.get();
		}
		catch (RuntimeException ex) {
			// only before the first traced call, e.g. a captured method called while the
			// context shuts down
			logger.debug("No X-Ray recorder for @XRayCapture; the call is not recorded", ex);
			return null;
		}
	}

	private String name(MethodInvocation invocation) {
		Method method = invocation.getMethod();
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis()) : null;
		MethodClassKey key = new MethodClassKey(method, targetClass);
		String name = this.names.get(key);
		if (name == null) {
			name = CaptureNames.nameOf(method, targetClass);
			if (name == null) {
				// advised through a pointcut that matched, so this only happens for odd
				// proxies: name it plainly
				name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
			}
			if (this.names.size() < MAX_CACHED_NAMES) {
				this.names.put(key, name);
			}
		}
		return name;
	}

}
