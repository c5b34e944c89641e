package org.xrayspring.autoconfigure.logging;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.xrayspring.recorder.ContextListener;
import org.xrayspring.recorder.Entity;

/**
 * Keeps the SLF4J MDC of a thread in step with its current X-Ray entity, so log lines
 * carry the trace:
 * <ul>
 * <li>{@value #XRAY_TRACE_ID_KEY}: {@code <trace id>@<entity id>}, e.g.
 * {@code 1-5759e988-bd862e3fe1be46a994272793@53995c3f42cd8ad8}, the key and format of
 * AWS's X-Ray SDK, so existing log patterns keep working;</li>
 * <li>{@value #TRACE_ID_KEY} and {@value #SPAN_ID_KEY}, the keys Spring Boot's
 * correlation pattern prints: the trace id as the 32 hex digits of the X-Ray trace id
 * without {@code 1-} and dashes (the W3C / OpenTelemetry form of the same id), and the
 * entity id (16 hex digits).</li>
 * </ul>
 * All are removed when no entity is current.
 */
public final class XRayMdcContextListener implements ContextListener {

	/** The MDC key of AWS's X-Ray SDK. */
	public static final String XRAY_TRACE_ID_KEY = "AWS-XRAY-TRACE-ID";

	/** Spring Boot's (and Micrometer Tracing's) MDC key for the trace id. */
	public static final String TRACE_ID_KEY = "traceId";

	/** Spring Boot's (and Micrometer Tracing's) MDC key for the span id. */
	public static final String SPAN_ID_KEY = "spanId";

	private final boolean bootKeys;

	/**
	 * Creates a listener writing all three keys.
	 */
	public XRayMdcContextListener() {
		this(true);
	}

	/**
	 * Creates a listener.
	 * @param bootKeys whether to write {@value #TRACE_ID_KEY} and {@value #SPAN_ID_KEY}
	 * too (not when another tracer, such as Micrometer Tracing, owns them)
	 */
	public XRayMdcContextListener(boolean bootKeys) {
		this.bootKeys = bootKeys;
	}

	@Override
	public void contextChanged(@Nullable Entity current) {
		if (current == null) {
			MDC.remove(XRAY_TRACE_ID_KEY);
			if (this.bootKeys) {
				MDC.remove(TRACE_ID_KEY);
				MDC.remove(SPAN_ID_KEY);
			}
			return;
		}
		String traceId = current.getTraceId();
		String entityId = current.getId();
		MDC.put(XRAY_TRACE_ID_KEY, traceId + "@" + entityId);
		if (this.bootKeys) {
			MDC.put(TRACE_ID_KEY, hexTraceId(traceId));
			MDC.put(SPAN_ID_KEY, entityId);
		}
	}

	/**
	 * The 32 hex digits of an X-Ray trace id ({@code 1-5759e988-bd862e3fe1be46a994272793}
	 * gives {@code 5759e988bd862e3fe1be46a994272793}).
	 * @param xrayTraceId the X-Ray trace id
	 * @return the hex form, or the id unchanged when it is not in the X-Ray format
	 */
	public static String hexTraceId(String xrayTraceId) {
		if (xrayTraceId != null && xrayTraceId.length() == 35 && xrayTraceId.startsWith("1-")
				&& xrayTraceId.charAt(10) == '-') {
			return xrayTraceId.substring(2, 10) + xrayTraceId.substring(11);
		}
		return xrayTraceId;
	}

}
