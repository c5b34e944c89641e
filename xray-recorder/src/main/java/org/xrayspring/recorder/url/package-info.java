/**
 * URLs as they may be recorded: credentials, secret parameters and path parameters
 * removed, by one utility that every instrumentation (servlet, HTTP clients, JDBC) uses.
 */
@NullMarked
package org.xrayspring.recorder.url;

import org.jspecify.annotations.NullMarked;
