/**
 * What the inbound HTTP instrumentations (servlet and WebFlux) share beside the
 * recorder's {@code InboundRequests}: the excluded paths and the settings they read from
 * {@code xray.*}, so that both read the same properties the same way.
 */
@NullMarked
package org.xrayspring.autoconfigure.inbound;

import org.jspecify.annotations.NullMarked;
