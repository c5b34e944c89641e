package org.xrayspring.autoconfigure.capture;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import org.xrayspring.annotation.XRayCapture;

/**
 * Decides whether a method is captured and under which subsegment name; the pointcut
 * (which methods are advised) and the interceptor (how the subsegment is named) both ask
 * it, so they cannot disagree.
 * <p>
 * A method is captured when it, the method it implements or overrides, or the interface
 * method it implements is annotated; or when it is public, declared in a type that is
 * annotated (directly, through a superclass with the {@code @Inherited} annotation, or
 * through an interface) and not {@code equals}, {@code hashCode}, {@code toString} or a
 * method of {@code Object}. A method inherited from a type that is not annotated is not
 * captured by its subclass's annotation. The annotation on the method wins over the one
 * on its type.
 */
final class CaptureNames {

	private CaptureNames() {
	}

	/**
	 * The subsegment name for a call of the method on an object of the target class.
	 * @param method the method called, possibly an interface method
	 * @param targetClass the class of the object, or {@code null} when unknown
	 * @return the name, or {@code null} when the method is not captured
	 */
	static @Nullable String nameOf(Method method, @Nullable Class<?> targetClass) {
		Class<?> userClass = ClassUtils.getUserClass((targetClass != null) ? targetClass : method.getDeclaringClass());
		Method specific = AopUtils.getMostSpecificMethod(method, userClass);
		XRayCapture capture = AnnotatedElementUtils.findMergedAnnotation(specific, XRayCapture.class);
		if (capture == null && specific != method) {
			capture = AnnotatedElementUtils.findMergedAnnotation(method, XRayCapture.class);
		}
		if (capture == null && capturedByItsType(specific)) {
			capture = AnnotatedElementUtils.findMergedAnnotation(specific.getDeclaringClass(), XRayCapture.class);
		}
		if (capture == null) {
			return null;
		}
		String given = StringUtils.hasText(capture.value()) ? capture.value() : capture.name();
		return StringUtils.hasText(given) ? given : userClass.getSimpleName() + "." + method.getName();
	}

	private static boolean capturedByItsType(Method method) {
		int modifiers = method.getModifiers();
		return Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers)
				&& method.getDeclaringClass() != Object.class && !ReflectionUtils.isEqualsMethod(method)
				&& !ReflectionUtils.isHashCodeMethod(method) && !ReflectionUtils.isToStringMethod(method);
	}

}
