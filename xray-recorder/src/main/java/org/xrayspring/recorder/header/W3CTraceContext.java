package org.xrayspring.recorder.header;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.id.Ids;

/**
 * W3C Trace Context ({@code traceparent} and {@code tracestate}) as it maps to X-Ray: the
 * 32 hex digits of a W3C trace id are the X-Ray trace id {@code 1-<first 8>-<last 24>},
 * the W3C parent id is the X-Ray {@code Parent} and the {@code sampled} flag is the
 * {@code Sampled} decision.
 * <p>
 * Nothing here throws, matches a regular expression or looks at more than a bounded
 * number of characters. {@link #parse(String, String)} follows the W3C rules:
 * <ol>
 * <li>{@code traceparent} is {@code <version>-<trace id>-<parent id>-<flags>}, all
 * lowercase hex (upper case is invalid) of 2, 32, 16 and 2 digits. Version {@code ff} is
 * invalid; version {@code 00} has exactly these four fields; a later version is read by
 * its first four fields, and anything after them must begin with {@code -}. An all-zero
 * trace id or parent id is invalid. Values longer than {@value #MAX_TRACEPARENT_LENGTH}
 * characters are ignored.</li>
 * <li>{@code tracestate} is only read with a valid {@code traceparent}. It is kept
 * verbatim when every list member is {@code key=value} with a valid W3C key and value, no
 * key repeats, there are at most {@value #MAX_TRACESTATE_MEMBERS} members and it is at
 * most {@value #MAX_TRACESTATE_LENGTH} characters long; otherwise it is dropped whole,
 * never cut (a cut list would misstate what the vendors in it recorded).</li>
 * </ol>
 */
public final class W3CTraceContext {

	/** The {@code traceparent} HTTP header name. */
	public static final String TRACEPARENT_HEADER = "traceparent";

	/** The {@code tracestate} HTTP header name. */
	public static final String TRACESTATE_HEADER = "tracestate";

	/**
	 * {@code traceparent} values longer than this (possible only with a future version)
	 * are ignored.
	 */
	public static final int MAX_TRACEPARENT_LENGTH = 512;

	/**
	 * {@code tracestate} values longer than this are dropped whole (the W3C size
	 * propagators must carry).
	 */
	public static final int MAX_TRACESTATE_LENGTH = 512;

	/**
	 * {@code tracestate} values with more list members than this are dropped whole (the
	 * W3C limit).
	 */
	public static final int MAX_TRACESTATE_MEMBERS = 32;

	private static final int VERSION_00_LENGTH = 55;

	private static final int MAX_KEY_LENGTH = 256;

	private static final int MAX_TENANT_LENGTH = 241;

	private static final int MAX_SYSTEM_LENGTH = 14;

	private static final int MAX_VALUE_LENGTH = 256;

	private final String traceId;

	private final String parentId;

	private final boolean sampled;

	private final @Nullable String traceState;

	private W3CTraceContext(String traceId, String parentId, boolean sampled, @Nullable String traceState) {
		this.traceId = traceId;
		this.parentId = parentId;
		this.sampled = sampled;
		this.traceState = traceState;
	}

	/**
	 * Parses incoming W3C headers by the rules in the class description. Never throws.
	 * @param traceparent the {@code traceparent} value, may be {@code null}
	 * @param tracestate the {@code tracestate} value (several header lines joined with
	 * {@code ,}), may be {@code null}
	 * @return the context, or {@code null} when {@code traceparent} is absent or invalid
	 */
	public static @Nullable W3CTraceContext parse(@Nullable String traceparent, @Nullable String tracestate) {
		if (traceparent == null) {
			return null;
		}
		int length = traceparent.length();
		if (length < VERSION_00_LENGTH || length > MAX_TRACEPARENT_LENGTH) {
			return null;
		}
		int version = hexByte(traceparent, 0);
		if (version < 0 || version == 0xff || traceparent.charAt(2) != '-') {
			return null;
		}
		if (version == 0 ? length != VERSION_00_LENGTH
				: length > VERSION_00_LENGTH && traceparent.charAt(VERSION_00_LENGTH) != '-') {
			return null;
		}
		if (!isNonZeroLowerHex(traceparent, 3, 35) || traceparent.charAt(35) != '-'
				|| !isNonZeroLowerHex(traceparent, 36, 52) || traceparent.charAt(52) != '-') {
			return null;
		}
		int flags = hexByte(traceparent, 53);
		if (flags < 0) {
			return null;
		}
		String traceId = "1-" + traceparent.substring(3, 11) + '-' + traceparent.substring(11, 35);
		return new W3CTraceContext(traceId, traceparent.substring(36, 52), (flags & 1) != 0,
				validTraceState(tracestate));
	}

	/**
	 * Formats the {@code traceparent} to send on a call made within an X-Ray entity.
	 * @param xrayTraceId the X-Ray trace id, {@code 1-<8 hex>-<24 hex>}
	 * @param parentId the id of the entity making the call
	 * @param sampled whether the trace is sampled
	 * @return {@code 00-<32 hex>-<parent id>-01} or {@code -00}; {@code null} when either
	 * id is not valid
	 */
	public static @Nullable String formatTraceparent(String xrayTraceId, String parentId, boolean sampled) {
		if (!Ids.isValidTraceId(xrayTraceId) || !Ids.isValidEntityId(parentId)) {
			return null;
		}
		return new StringBuilder(VERSION_00_LENGTH).append("00-")
			.append(xrayTraceId, 2, 10)
			.append(xrayTraceId, 11, 35)
			.append('-')
			.append(parentId)
			.append(sampled ? "-01" : "-00")
			.toString();
	}

	/**
	 * Checks a {@code tracestate} value by the rules in the class description.
	 * @param value the value, may be {@code null}
	 * @return the value unchanged when valid and within the limits, else {@code null}
	 */
	public static @Nullable String validTraceState(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_TRACESTATE_LENGTH) {
			return null;
		}
		int members = 0;
		int length = value.length();
		int start = 0;
		while (start <= length) {
			int end = value.indexOf(',', start);
			if (end < 0) {
				end = length;
			}
			int from = skipSpace(value, start, end);
			int to = trimEnd(value, from, end);
			if (from < to) {
				// a list member; empty ones are allowed and skipped
				int equals = value.indexOf('=', from);
				if (equals < 0 || equals >= to || members == MAX_TRACESTATE_MEMBERS || !isKey(value, from, equals)
						|| !isValue(value, equals + 1, to)) {
					return null;
				}
				if (members > 0 && hasKeyBefore(value, start, from, equals)) {
					return null;
				}
				members++;
			}
			start = end + 1;
		}
		return (members > 0) ? value : null;
	}

	/**
	 * The header a segment begins with, given the {@code X-Amzn-Trace-Id} that came with
	 * these headers. A valid {@code Root} there wins: when it names another trace this
	 * context is ignored; when it names the same trace this context only fills in a
	 * missing {@code Parent} or decision. Without a valid {@code Root} the segment joins
	 * this context's trace, parent and decision; the header's other fields are kept.
	 * @param amazonHeader the parsed {@code X-Amzn-Trace-Id}
	 * @return the header to begin the segment with
	 */
	public TraceHeader joinTo(TraceHeader amazonHeader) {
		SampleDecision decision = SampleDecision.of(this.sampled);
		String root = amazonHeader.rootTraceId();
		if (root == null) {
			return amazonHeader.with(this.traceId, this.parentId, decision);
		}
		if (!root.equals(this.traceId)
				|| (amazonHeader.parentId() != null && amazonHeader.sampled() != SampleDecision.UNKNOWN)) {
			return amazonHeader;
		}
		return amazonHeader.with(root, (amazonHeader.parentId() != null) ? amazonHeader.parentId() : this.parentId,
				(amazonHeader.sampled() != SampleDecision.UNKNOWN) ? amazonHeader.sampled() : decision);
	}

	/**
	 * The trace id in X-Ray form.
	 * @return {@code 1-<first 8 hex>-<last 24 hex>}
	 */
	public String traceId() {
		return this.traceId;
	}

	/**
	 * The caller's span id.
	 * @return 16 lowercase hex digits
	 */
	public String parentId() {
		return this.parentId;
	}

	/**
	 * The {@code sampled} flag.
	 * @return whether the caller sampled the trace
	 */
	public boolean sampled() {
		return this.sampled;
	}

	/**
	 * The {@code tracestate} to pass on.
	 * @return the value, or {@code null} when absent, malformed or over the limits
	 */
	public @Nullable String traceState() {
		return this.traceState;
	}

	/**
	 * Whether a member before {@code limit} (all of them already checked) has the key
	 * {@code [from, to)}. Scans again rather than remembering keys: at most 32 members in
	 * 512 characters, and nothing allocated.
	 */
	private static boolean hasKeyBefore(String value, int limit, int from, int to) {
		int keyLength = to - from;
		int start = 0;
		while (start < limit) {
			int end = value.indexOf(',', start);
			int keyStart = skipSpace(value, start, end);
			if (end - keyStart > keyLength && value.charAt(keyStart + keyLength) == '='
					&& value.regionMatches(keyStart, value, from, keyLength)) {
				return true;
			}
			start = end + 1;
		}
		return false;
	}

	/** {@code simple-key} or {@code tenant-id@system-id} of the W3C grammar. */
	private static boolean isKey(String value, int from, int to) {
		int length = to - from;
		if (length < 1 || length > MAX_KEY_LENGTH) {
			return false;
		}
		int at = value.indexOf('@', from);
		if (at < 0 || at >= to) {
			return isLowerAlpha(value.charAt(from)) && areKeyChars(value, from + 1, to);
		}
		int tenant = at - from;
		int system = to - at - 1;
		char tenantFirst = value.charAt(from);
		return tenant >= 1 && tenant <= MAX_TENANT_LENGTH && system >= 1 && system <= MAX_SYSTEM_LENGTH
				&& (isLowerAlpha(tenantFirst) || isDigit(tenantFirst)) && areKeyChars(value, from + 1, at)
				&& isLowerAlpha(value.charAt(at + 1)) && areKeyChars(value, at + 2, to);
	}

	private static boolean areKeyChars(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (!(isLowerAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Printable ASCII except {@code ,} and {@code =}, not ending in a space (trimmed by
	 * the caller).
	 */
	private static boolean isValue(String value, int from, int to) {
		int length = to - from;
		if (length < 1 || length > MAX_VALUE_LENGTH) {
			return false;
		}
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerAlpha(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/** The two lowercase hex digits at {@code index} as a number, or {@code -1}. */
	private static int hexByte(String value, int index) {
		int high = hexDigit(value.charAt(index));
		int low = hexDigit(value.charAt(index + 1));
		return (high < 0 || low < 0) ? -1 : (high << 4) | low;
	}

	private static int hexDigit(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return -1;
	}

	private static boolean isNonZeroLowerHex(String value, int from, int to) {
		boolean nonZero = false;
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (hexDigit(c) < 0) {
				return false;
			}
			nonZero |= (c != '0');
		}
		return nonZero;
	}

	/** Optional white space of HTTP lists: spaces and tabs. */
	private static int skipSpace(String value, int from, int to) {
		while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
			from++;
		}
		return from;
	}

	private static int trimEnd(String value, int from, int to) {
		while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
			to--;
		}
		return to;
	}

	@Override
	public String toString() {
		return "W3CTraceContext[" + this.traceId + ", parent=" + this.parentId + ", sampled=" + this.sampled + "]";
	}

}
