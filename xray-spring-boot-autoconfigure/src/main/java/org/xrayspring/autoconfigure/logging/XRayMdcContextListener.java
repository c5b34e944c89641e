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
 * {@value #XRAY_TRACE_ID_KEY} values of each thread are kept with the trace and entity
 * ids they were made of, so returning to a parent when a subsegment ends reuses the
 * parent's value (a new value goes in front, a value used again swaps places with the
 * first). Entries are matched by identity (an entity's ids are the same {@code String}
 * instances for its whole life), so finding one costs a few reference comparisons. That
 * per-thread cache holds strings, never an entity.
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

	/** Slots per cached value in a thread's cache: trace id, entity id, value. */
	private static final int SLOTS = 3;

	/** Where a thread's cache keeps the trace id of its hex trace id, and that id. */
	private static final int HEX_SOURCE = RECENT * SLOTS;

	private static final int HEX = HEX_SOURCE + 1;

	/**
	 * Each thread's cache: its last {@value #RECENT} {@value #XRAY_TRACE_ID_KEY} values
	 * (the one written last first), each after the trace id and entity id it was made of,
	 * then the last trace id written as {@value #TRACE_ID_KEY} and its hex form. JDK
	 * types only, so the thread keeps no class of the application alive; one array, so
	 * one thread-local lookup per change.
	 */
	private final ThreadLocal<String[]> cache = ThreadLocal.withInitial(() -> new String[HEX + 1]);

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
		String[] cache = this.cache.get();
		MDC.put(XRAY_TRACE_ID_KEY, reference(cache, traceId, entityId));
		if (this.bootKeys) {
			putHexTraceId(cache, traceId);
			MDC.put(SPAN_ID_KEY, entityId);
		}
	}

	/**
	 * Writes the hex form of the trace id unless the MDC holds it already: the trace id
	 * changes once per request, not per subsegment. A trace id other than the last one is
	 * written without looking.
	 */
	private static void putHexTraceId(String[] cache, String traceId) {
		String hex = cache[HEX];
		if (hex == null || cache[HEX_SOURCE] != traceId) {
			hex = hexTraceId(traceId);
			cache[HEX_SOURCE] = traceId;
			cache[HEX] = hex;
			MDC.put(TRACE_ID_KEY, hex);
			return;
		}
		String written = MDC.get(TRACE_ID_KEY);
		// anything may have changed the MDC since this listener wrote it
		if (written != hex && !hex.equals(written)) {
			MDC.put(TRACE_ID_KEY, hex);
		}
	}

	/**
	 * {@code <trace id>@<entity id>}, from the thread's cache when it holds the value of
	 * these very ids (which then swaps places with the first entry), else made and put in
	 * front. Swapping rather than shifting keeps the stores few: each store of a young
	 * string into the long-lived array costs a garbage collector write barrier.
	 */
	private static String reference(String[] cache, String traceId, String entityId) {
		int found = 0;
		while (found < HEX_SOURCE && (cache[found + 1] != entityId || cache[found] != traceId)) {
			found += SLOTS;
		}
		if (found == 0) {
			return cache[2];
		}
		if (found < HEX_SOURCE) {
			String reference = cache[found + 2];
			cache[found] = cache[0];
			cache[found + 1] = cache[1];
			cache[found + 2] = cache[2];
			cache[0] = traceId;
			cache[1] = entityId;
			cache[2] = reference;
			return reference;
		}
		String reference = traceId + "@" + entityId;
		System.arraycopy(cache, 0, cache, SLOTS, HEX_SOURCE - SLOTS);
		cache[0] = traceId;
		cache[1] = entityId;
		cache[2] = reference;
		return reference;
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
