/**
 * What every inbound HTTP instrumentation (servlet, WebFlux) records, independent of the
 * server API: the trace header joined, the response header, the segment name from the
 * {@code Host} header, and the request and response fields of the segment.
 */
@NullMarked
package org.xrayspring.recorder.inbound;

import org.jspecify.annotations.NullMarked;
