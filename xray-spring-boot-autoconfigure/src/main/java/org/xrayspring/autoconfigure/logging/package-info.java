/**
 * Log correlation: the current X-Ray trace and entity ids in the SLF4J MDC, under AWS's
 * key {@code AWS-XRAY-TRACE-ID} ({@code <trace id>@<entity id>}) and Spring Boot's
 * {@code traceId} / {@code spanId} (trace id as 32 hex digits, entity id), and Boot's
 * default log pattern printing them. Switched off with
 * {@code xray.instrumentation.logging.enabled=false}, named like every other
 * instrumentation switch.
 */
@NullMarked
package org.xrayspring.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
