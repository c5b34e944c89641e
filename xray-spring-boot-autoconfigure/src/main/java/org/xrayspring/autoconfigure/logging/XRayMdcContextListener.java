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
 * <p>
 * The listener runs at every context change (twice per subsegment), so it allocates as
 * little as it can: a key that already holds the right value is not written again (the
 * trace id changes once per request, not per subsegment), and the last {@value #RECENT}
 * {@value #XRAY_TRACE_ID_KEY} values of each thread are kept, so returning to a parent
 * when a subsegment ends reuses the parent's value (up to that depth). That per-thread
 * cache holds {@value #RECENT} strings, never an entity.
 */
public final class XRayMdcContextListener implements ContextListener {

	/** The MDC key of AWS's X-Ray SDK. */
	public static final String XRAY_TRACE_ID_KEY = "AWS-XRAY-TRACE-ID";

	/** Spring Boot's (and Micrometer Tracing's) MDC key for the trace id. */
	public static final String TRACE_ID_KEY = "traceId";

	/** Spring Boot's (and Micrometer Tracing's) MDC key for the span id. */
	public static final String SPAN_ID_KEY = "spanId";

	private final boolean bootKeys;

	/** How many recent {@value #XRAY_TRACE_ID_KEY} values each thread keeps. */
	static final int RECENT = 4;

	/**
	 * The last {@value #RECENT} {@value #XRAY_TRACE_ID_KEY} values of this thread, most
	 * recently used first. JDK types only, so the thread keeps no class of the
	 * application alive.
	 */
	private final ThreadLocal<String[]> recentReferences = ThreadLocal.withInitial(() -> new String[RECENT]);

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
		MDC.put(XRAY_TRACE_ID_KEY, reference(traceId, entityId));
		if (this.bootKeys) {
			if (!isHexTraceId(MDC.get(TRACE_ID_KEY), traceId)) {
				MDC.put(TRACE_ID_KEY, hexTraceId(traceId));
			}
			MDC.put(SPAN_ID_KEY, entityId);
		}
	}

	/**
	 * {@code <trace id>@<entity id>}, from this thread's recent values when one matches
	 * (which then moves to the front), else made and put in front.
	 */
	private String reference(String traceId, String entityId) {
		String[] recent = this.recentReferences.get();
		int found = 0;
		while (found < RECENT && !isReference(recent[found], traceId, entityId)) {
			found++;
		}
		String reference;
		if (found < RECENT) {
			reference = recent[found];
			if (found == 0) {
				return reference;
			}
		}
		else {
			reference = traceId + "@" + entityId;
			found = RECENT - 1;
		}
		System.arraycopy(recent, 0, recent, 1, found);
		recent[0] = reference;
		return reference;
	}

	private static boolean isReference(@Nullable String candidate, String traceId, String entityId) {
		int traceLength = traceId.length();
		// the entity id first: within a trace it is what differs
		return candidate != null && candidate.length() == traceLength + 1 + entityId.length()
				&& candidate.endsWith(entityId) && candidate.charAt(traceLength) == '@'
				&& candidate.startsWith(traceId);
	}

	/**
	 * Whether a value is {@link #hexTraceId(String)} of a trace id, compared in place.
	 */
	private static boolean isHexTraceId(@Nullable String candidate, String xrayTraceId) {
		if (candidate == null) {
			return false;
		}
		if (isXRayFormat(xrayTraceId)) {
			return candidate.length() == 32 && candidate.regionMatches(0, xrayTraceId, 2, 8)
					&& candidate.regionMatches(8, xrayTraceId, 11, 24);
		}
		return candidate.equals(xrayTraceId);
	}

	private static boolean isXRayFormat(@Nullable String traceId) {
		return traceId != null && traceId.length() == 35 && traceId.startsWith("1-") && traceId.charAt(10) == '-';
	}

	/**
	 * The 32 hex digits of an X-Ray trace id ({@code 1-5759e988-bd862e3fe1be46a994272793}
	 * gives {@code 5759e988bd862e3fe1be46a994272793}).
	 * @param xrayTraceId the X-Ray trace id
	 * @return the hex form, or the id unchanged when it is not in the X-Ray format
	 */
	public static String hexTraceId(String xrayTraceId) {
		if (isXRayFormat(xrayTraceId)) {
			char[] hex = new char[32];
			xrayTraceId.getChars(2, 10, hex, 0);
			xrayTraceId.getChars(11, 35, hex, 8);
			return new String(hex);
		}
		return xrayTraceId;
	}

}
