/**
 * Annotations applications use to shape their X-Ray traces, such as
 * {@link org.xrayspring.annotation.XRayCapture}.
 */
@NullMarked
package org.xrayspring.annotation;

import org.jspecify.annotations.NullMarked;
