/**
 * Inbound tracing for servlet applications: a filter that records one segment per
 * request, the segment namer, and their auto-configuration.
 */
@NullMarked
package org.xrayspring.autoconfigure.servlet;

import org.jspecify.annotations.NullMarked;
