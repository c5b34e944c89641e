package org.xrayspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records each call of the annotated method (or of every public method of the annotated type) as a subsegment.
 * Placeholder for the instrumentation branch's version, which replaces it on merge.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface XRayCapture {

	/**
	 * Name of the subsegment; defaults to the method's name.
	 * @return the subsegment name
	 */
	String value() default "";

}
