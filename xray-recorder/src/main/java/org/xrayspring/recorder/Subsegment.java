package org.xrayspring.recorder;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.header.TraceHeader;

/**
 * A timed piece of work inside a segment: a downstream call, a query, a block of the
 * application's code.
 */
public final class Subsegment extends Entity {

	/** Namespace of calls to AWS services. */
	public static final String NAMESPACE_AWS = "aws";

	/** Namespace of other downstream calls. */
	public static final String NAMESPACE_REMOTE = "remote";

	/** Longest {@code sql.sanitized_query}; a longer one is cut. */
	public static final int MAX_SQL_QUERY_LENGTH = 10_000;

	static final String SANITIZED_QUERY = "sanitized_query";

	private final Entity parent;

	private final Segment segment;

	@Nullable String namespace;

	@Nullable Map<String, Object> sql;

	/**
	 * Guarded by the segment's monitor: begun after its parent's document was handed to
	 * the emitter, so sent on its own (see {@link Segment#attach}), or nested in such a
	 * subsegment.
	 */
	boolean late;

	/**
	 * Guarded by the segment's monitor: handed to the emitter as part of a document; its
	 * tree is final.
	 */
	boolean sent;

	/**
	 * Whether it was begun as the current entity of its thread, so that ending it there
	 * makes its parent current again; a subsegment
	 * {@linkplain XRayRecorder#startSubsegment(Entity, String) started} apart from the
	 * thread's context leaves it alone.
	 */
	final boolean madeCurrent;

	Subsegment(XRayRecorder recorder, String name, Entity parent, long startMicros, String id, boolean madeCurrent) {
		super(recorder, name, startMicros, id);
		this.parent = Objects.requireNonNull(parent, "parent");
		this.segment = parent.getSegment();
		this.madeCurrent = madeCurrent;
	}

	@Override
	public Segment getSegment() {
		return this.segment;
	}

	/**
	 * The entity this subsegment was begun under.
	 * @return the parent segment or subsegment
	 */
	public Entity getParent() {
		return this.parent;
	}

	/**
	 * Sets the namespace: {@link #NAMESPACE_AWS}, {@link #NAMESPACE_REMOTE} or
	 * {@code null} (anything else is cut to {@value #MAX_STRING_LENGTH} characters).
	 * @param namespace the namespace
	 */
	public void setNamespace(String namespace) {
		this.namespace = (namespace != null) ? truncate(namespace, MAX_STRING_LENGTH) : null;
	}

	/**
	 * The namespace.
	 * @return the namespace, may be {@code null}
	 */
	public @Nullable String getNamespace() {
		return this.namespace;
	}

	/**
	 * Puts a field of the {@code sql} object ({@code url}, {@code sanitized_query},
	 * {@code database_type}, {@code database_version}, {@code driver_version},
	 * {@code user}, {@code preparation}). {@code sanitized_query} is cut to
	 * {@value #MAX_SQL_QUERY_LENGTH} characters, other strings to
	 * {@value #MAX_STRING_LENGTH}.
	 * @param key the field
	 * @param value the value; {@code null} removes the field
	 */
	public void putSql(String key, @Nullable Object value) {
		int maxLength = SANITIZED_QUERY.equals(key) ? MAX_SQL_QUERY_LENGTH : MAX_STRING_LENGTH;
		Object checked = bounded("sql", key, value, maxLength);
		if (checked != REJECTED) {
			this.sql = put(this.sql, key, checked);
		}
	}

	/**
	 * The {@code sql} fields.
	 * @return an unmodifiable view
	 */
	public Map<String, Object> getSql() {
		return (this.sql != null) ? Collections.unmodifiableMap(this.sql) : Map.of();
	}

	/**
	 * The header to send on a downstream call made within this subsegment: {@code Parent}
	 * is this subsegment.
	 * @return the header
	 */
	public TraceHeader traceHeader() {
		return this.segment.traceHeaderFor(this);
	}

	/**
	 * Ends this subsegment. If it was {@linkplain XRayRecorder#beginSubsegment(String)
	 * begun} as the current entity and still is on this thread, its parent becomes
	 * current again; one {@linkplain XRayRecorder#startSubsegment(Entity, String)
	 * started} apart from the thread's context changes no context.
	 */
	@Override
	public void end() {
		if (markEnded()) {
			this.recorder.subsegmentEnded(this);
		}
	}

	/**
	 * Marks this subtree as handed to the emitter. Called with the segment's monitor
	 * held.
	 */
	void markSent() {
		this.sent = true;
		if (this.subsegments != null) {
			for (Subsegment child : this.subsegments) {
				child.markSent();
			}
		}
	}

	/**
	 * The size of this subtree when every entity in it has ended, else {@code 0}. Called
	 * with the segment's monitor held.
	 */
	int completedSubtreeSize() {
		if (!isEnded()) {
			return 0;
		}
		int size = 1;
		if (this.subsegments != null) {
			for (Subsegment child : this.subsegments) {
				int childSize = child.completedSubtreeSize();
				if (childSize == 0) {
					return 0;
				}
				size += childSize;
			}
		}
		return size;
	}

}
