package org.xrayspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records each call of the annotated method, or of every public method declared in the
 * annotated type, as an X-Ray subsegment of the current entity. The subsegment is named
 * {@code SimpleClassName.method} unless a name is given; an exception thrown by the
 * method is recorded on the subsegment and rethrown. Outside a trace nothing is recorded.
 * The subsegment ends when the method returns, also when it returns a
 * {@code CompletableFuture} or a reactive type whose work goes on after that.
 * <p>
 * Applies to Spring beans through Spring AOP, as {@code @Async} does: the starter is
 * enough, no AspectJ weaver is needed, and with {@code spring-boot-starter-aspectj} the
 * application's aspects and this annotation share one proxy. As with any Spring AOP
 * advice, calls from within the same object are not intercepted, nor are methods a class
 * proxy cannot override ({@code final}, {@code private}). An annotation on a method, on
 * the method it overrides or on the interface method it implements takes precedence over
 * one on its type; a method annotated and declared in an annotated type is recorded once.
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
