/**
 * Inbound tracing for reactive (WebFlux) applications: an {@code HttpHandler} decorator
 * that records one segment per request and carries it in the Reactor context, the segment
 * namer, and their auto-configuration.
 */
@NullMarked
package org.xrayspring.autoconfigure.webflux;

import org.jspecify.annotations.NullMarked;
