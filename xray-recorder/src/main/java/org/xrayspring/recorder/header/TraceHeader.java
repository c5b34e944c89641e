package org.xrayspring.recorder.header;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.id.Ids;

/**
 * An {@code X-Amzn-Trace-Id} header value, such as
 * {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}.
 * <p>
 * {@link #parse(String)} never throws. Its rules, each covered by
 * {@code TraceHeaderTests}:
 * <ol>
 * <li>{@code null}, empty or blank input is an empty header (no root: a new trace
 * starts).</li>
 * <li>Input longer than {@value #MAX_LENGTH} characters is ignored as a whole (an empty
 * header): nothing of an over-long header is trusted or passed on.</li>
 * <li>Fields are separated by {@code ;}; whitespace around each field, key and value is
 * trimmed; empty fields and fields without {@code =} are skipped; a value is everything
 * after the first {@code =} (so it may contain {@code =}).</li>
 * <li>The keys {@code Root}, {@code Parent}, {@code Sampled} and {@code Self} are matched
 * ignoring case; the first occurrence of each wins and later duplicates are dropped.</li>
 * <li>{@code Root} must be a trace id in the canonical lowercase form
 * {@code 1-<8 hex>-<24 hex>}; an invalid {@code Root} is dropped together with
 * {@code Parent} (a parent in an unknown trace means nothing), so the callee starts a new
 * trace.</li>
 * <li>{@code Parent} must be 16 lowercase hex digits, else it is dropped.</li>
 * <li>{@code Sampled} is {@code 1}, {@code 0} or {@code ?}; anything else is
 * {@link SampleDecision#UNKNOWN}.</li>
 * <li>{@code Self} (added by load balancers) is dropped.</li>
 * <li>Every other field ({@code Lineage}, application data such as
 * {@code CalledFrom=app}) is kept verbatim, in order, and passed on by {@link #format()},
 * as long as the kept fields together stay within {@value #MAX_EXTRA_LENGTH} characters;
 * a field that would exceed it is dropped whole, never cut.</li>
 * </ol>
 */
public final class TraceHeader {

	/** The HTTP header name. */
	public static final String HEADER_NAME = "X-Amzn-Trace-Id";

	/** Headers longer than this many characters are ignored as a whole. */
	public static final int MAX_LENGTH = 2048;

	/** Unknown fields kept and passed on are limited to this many characters together. */
	public static final int MAX_EXTRA_LENGTH = 256;

	private static final TraceHeader EMPTY = new TraceHeader(null, null, SampleDecision.UNKNOWN, "");

	private final @Nullable String rootTraceId;

	private final @Nullable String parentId;

	private final SampleDecision sampled;

	private final String extra;

	private TraceHeader(@Nullable String rootTraceId, @Nullable String parentId, SampleDecision sampled, String extra) {
		this.rootTraceId = rootTraceId;
		this.parentId = parentId;
		this.sampled = sampled;
		this.extra = extra;
	}

	/**
	 * Creates a header.
	 * @param rootTraceId the trace id, may be {@code null}
	 * @param parentId the parent entity id, may be {@code null}
	 * @param sampled the sampling decision
	 * @return the header
	 */
	public static TraceHeader of(@Nullable String rootTraceId, @Nullable String parentId, SampleDecision sampled) {
		return new TraceHeader(rootTraceId, parentId, Objects.requireNonNull(sampled), "");
	}

	/**
	 * An empty header: no root, no parent, unknown decision.
	 * @return the empty header
	 */
	public static TraceHeader empty() {
		return EMPTY;
	}

	/**
	 * Parses a header value by the rules in the class description. Never throws.
	 * @param value the header value, may be {@code null}
	 * @return the header, never {@code null}
	 */
	public static TraceHeader parse(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return EMPTY;
		}
		String root = null;
		String parent = null;
		SampleDecision sampled = null;
		boolean seenRoot = false;
		boolean seenParent = false;
		StringBuilder extra = null;
		int length = value.length();
		int start = 0;
		while (start <= length) {
			int end = value.indexOf(';', start);
			if (end < 0) {
				end = length;
			}
			int equals = value.indexOf('=', start);
			if (equals >= 0 && equals < end) {
				// trimmed bounds of key and value, compared in place: no substring for
				// keys
				int keyStart = skipSpace(value, start, equals);
				int keyEnd = trimEnd(value, keyStart, equals);
				int valueStart = skipSpace(value, equals + 1, end);
				int valueEnd = trimEnd(value, valueStart, end);
				int keyLength = keyEnd - keyStart;
				if (isKey(value, keyStart, keyLength, "Root")) {
					if (!seenRoot) {
						seenRoot = true;
						root = value.substring(valueStart, valueEnd);
					}
				}
				else if (isKey(value, keyStart, keyLength, "Parent")) {
					if (!seenParent) {
						seenParent = true;
						parent = value.substring(valueStart, valueEnd);
					}
				}
				else if (isKey(value, keyStart, keyLength, "Sampled")) {
					if (sampled == null) {
						sampled = SampleDecision.parse(value, valueStart, valueEnd);
					}
				}
				else if (!isKey(value, keyStart, keyLength, "Self") && keyLength > 0) {
					int fieldLength = keyLength + 1 + (valueEnd - valueStart);
					int current = (extra != null) ? extra.length() : 0;
					int needed = (current > 0) ? current + 1 + fieldLength : fieldLength;
					if (needed <= MAX_EXTRA_LENGTH) {
						if (extra == null) {
							extra = new StringBuilder(Math.min(MAX_EXTRA_LENGTH, 64));
						}
						if (current > 0) {
							extra.append(';');
						}
						extra.append(value, keyStart, keyEnd).append('=').append(value, valueStart, valueEnd);
					}
				}
			}
			start = end + 1;
		}
		if (!Ids.isValidTraceId(root)) {
			root = null;
			parent = null;
		}
		if (!Ids.isValidEntityId(parent)) {
			parent = null;
		}
		if (root == null && parent == null && sampled == null && extra == null) {
			return EMPTY;
		}
		return new TraceHeader(root, parent, (sampled != null) ? sampled : SampleDecision.UNKNOWN,
				(extra != null) ? extra.toString() : "");
	}

	/**
	 * The trace id from {@code Root}.
	 * @return the trace id, or {@code null} when absent or invalid
	 */
	public @Nullable String rootTraceId() {
		return this.rootTraceId;
	}

	/**
	 * The parent entity id from {@code Parent}.
	 * @return the parent id, or {@code null} when absent or invalid
	 */
	public @Nullable String parentId() {
		return this.parentId;
	}

	/**
	 * The sampling decision from {@code Sampled}.
	 * @return the decision, {@link SampleDecision#UNKNOWN} when absent
	 */
	public SampleDecision sampled() {
		return this.sampled;
	}

	/**
	 * The fields other than {@code Root}, {@code Parent}, {@code Sampled} and
	 * {@code Self}, as {@code key=value} pairs joined by {@code ;}.
	 * @return the extra fields, empty when none
	 */
	public String extraFields() {
		return this.extra;
	}

	/**
	 * Returns a copy with another root, parent and decision that keeps this header's
	 * extra fields.
	 * @param rootTraceId the trace id
	 * @param parentId the parent id, may be {@code null}
	 * @param sampled the decision
	 * @return the new header
	 */
	public TraceHeader with(String rootTraceId, @Nullable String parentId, SampleDecision sampled) {
		return new TraceHeader(rootTraceId, parentId, Objects.requireNonNull(sampled), this.extra);
	}

	/**
	 * Formats the header as {@code Root=..;Parent=..;Sampled=..;<extra fields>}, leaving
	 * out absent parts.
	 * @return the header value
	 */
	public String format() {
		StringBuilder builder = new StringBuilder(96 + this.extra.length());
		if (this.rootTraceId != null) {
			builder.append("Root=").append(this.rootTraceId);
		}
		if (this.parentId != null) {
			separate(builder).append("Parent=").append(this.parentId);
		}
		if (this.sampled != SampleDecision.UNKNOWN) {
			separate(builder).append("Sampled=").append(this.sampled.headerValue());
		}
		if (!this.extra.isEmpty()) {
			separate(builder).append(this.extra);
		}
		return builder.toString();
	}

	private static boolean isKey(String value, int start, int length, String key) {
		return length == key.length() && value.regionMatches(true, start, key, 0, length);
	}

	/**
	 * Like {@link String#trim()}: characters up to and including space count as white
	 * space.
	 */
	private static int skipSpace(String value, int from, int to) {
		while (from < to && value.charAt(from) <= ' ') {
			from++;
		}
		return from;
	}

	private static int trimEnd(String value, int from, int to) {
		while (to > from && value.charAt(to - 1) <= ' ') {
			to--;
		}
		return to;
	}

	private static StringBuilder separate(StringBuilder builder) {
		if (builder.length() > 0) {
			builder.append(';');
		}
		return builder;
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof TraceHeader other)) {
			return false;
		}
		return Objects.equals(this.rootTraceId, other.rootTraceId) && Objects.equals(this.parentId, other.parentId)
				&& this.sampled == other.sampled && this.extra.equals(other.extra);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.rootTraceId, this.parentId, this.sampled, this.extra);
	}

	@Override
	public String toString() {
		return format();
	}

}
