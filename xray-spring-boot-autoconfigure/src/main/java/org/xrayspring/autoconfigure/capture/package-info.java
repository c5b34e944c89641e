/**
 * Records calls of methods annotated with {@link org.xrayspring.annotation.XRayCapture}
 * as subsegments, through Spring AOP: a bean post-processor (built like Spring's own for
 * {@code @Async}) advises the annotated beans with a method interceptor, adding to an
 * existing proxy rather than creating a second one. No AspectJ weaver is needed.
 */
@NullMarked
package org.xrayspring.autoconfigure.capture;

import org.jspecify.annotations.NullMarked;
