/**
 * Annotations applications use to shape their X-Ray traces, such as {@link org.xrayspring.annotation.XRayCapture}.
 */
package org.xrayspring.annotation;
