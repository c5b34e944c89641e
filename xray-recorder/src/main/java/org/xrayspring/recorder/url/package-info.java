/**
 * URLs as they may be recorded: credentials, secret parameters and path parameters removed, by one utility that
 * every instrumentation (servlet, HTTP clients, JDBC) uses.
 */
package org.xrayspring.recorder.url;
