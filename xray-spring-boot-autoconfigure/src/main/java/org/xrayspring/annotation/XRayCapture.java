package org.xrayspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records each call of the annotated method, or of every public method of the annotated type, as an X-Ray
 * subsegment of the current entity. The subsegment is named {@code SimpleClassName.method} unless a name is
 * given; an exception thrown by the method is recorded on the subsegment and rethrown. Outside a trace nothing
 * is recorded.
 * <p>
 * Applies to Spring beans through an aspect, so the AspectJ weaver must be on the class path (Spring Boot's
 * {@code spring-boot-starter-aspectj}) and, as with any Spring AOP advice, calls from within the same object are
 * not intercepted. An annotation on a method takes precedence over one on its type.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface XRayCapture {

	/**
	 * The subsegment name; the same as {@link #name()}.
	 * @return the name, empty for {@code SimpleClassName.method}
	 */
	String value() default "";

	/**
	 * The subsegment name; the same as {@link #value()}.
	 * @return the name, empty for {@code SimpleClassName.method}
	 */
	String name() default "";

}
