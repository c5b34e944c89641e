/**
 * The {@code X-Amzn-Trace-Id} header and W3C Trace Context ({@code traceparent},
 * {@code tracestate}): parsing and formatting that never throw.
 */
@NullMarked
package org.xrayspring.recorder.header;

import org.jspecify.annotations.NullMarked;
