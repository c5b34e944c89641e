/**
 * The {@code X-Amzn-Trace-Id} header and W3C Trace Context ({@code traceparent}, {@code tracestate}): parsing and
 * formatting that never throw.
 */
package org.xrayspring.recorder.header;
