/**
 * The aspect that records methods annotated with {@link org.xrayspring.annotation.XRayCapture} as subsegments.
 */
package org.xrayspring.autoconfigure.aop;
