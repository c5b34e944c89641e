/**
 * HTTP faces of the console: the X-Ray API subset (REST-JSON, the service's own paths and
 * shapes), the console's status endpoint and the static web UI, all as one router
 * function under a base path.
 * <p>
 * {@link org.xrayspring.console.api.XRayConsoleRoutes} routes each path to an operation
 * of one handler per area (traces, service graph, sampling, status); operations take the
 * request body and return records written by the console's own mapper. The request guard,
 * the body limit and the mapping of refusals and failures to X-Ray error shapes are
 * applied by the router, once, for every route.
 */
@NullMarked
package org.xrayspring.console.api;

import org.jspecify.annotations.NullMarked;
