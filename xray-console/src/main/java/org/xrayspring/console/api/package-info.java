/**
 * HTTP faces of the console: the X-Ray API subset (REST-JSON, the service's own paths and shapes), the console's
 * status endpoint and the static web UI, all as one router function under a base path.
 */
@NullMarked
package org.xrayspring.console.api;

import org.jspecify.annotations.NullMarked;
