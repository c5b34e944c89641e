package org.xrayspring.recorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.id.Ids;

/**
 * A segment or subsegment: a timed piece of work in a trace with its X-Ray fields.
 * Entities are created through {@link XRayRecorder}; one thread at a time may modify an
 * entity, while subsegments of one segment may be begun and ended on any threads.
 * <p>
 * Values are checked as they are set so that every emitted document is valid and bounded:
 * names are sanitized, every string is cut to its field's maximum length (the constants
 * below), annotations with invalid keys or values are not written (and logged once),
 * metadata in the reserved {@code AWS.} namespaces is not written, and metadata values
 * (and any value that is not a string, number or boolean) are copied when they are set,
 * within limits (see {@link #putMetadata(String, String, Object)}).
 */
public abstract sealed class Entity implements AutoCloseable permits Segment, Subsegment {

	/** Longest entity name the protocol accepts. */
	public static final int MAX_NAME_LENGTH = 200;

	/**
	 * Longest value of most string fields: {@code http}, {@code aws} and {@code sql}
	 * fields (except {@code sql.sanitized_query}), {@code user}, {@code origin},
	 * {@code service.version}, exception types, stack frame paths and labels.
	 */
	public static final int MAX_STRING_LENGTH = 250;

	/** Longest annotation string value. */
	public static final int MAX_ANNOTATION_VALUE_LENGTH = 1000;

	/** Longest exception message; a longer one is cut. */
	public static final int MAX_EXCEPTION_MESSAGE_LENGTH = 2000;

	/** Longest string in a metadata value; a longer one is cut. */
	public static final int MAX_METADATA_STRING_LENGTH = 10_000;

	/**
	 * Most exceptions recorded on one entity (over all its {@code addException} calls and
	 * cause chains).
	 */
	public static final int MAX_EXCEPTIONS = 100;

	/**
	 * Most annotations on one entity; more are not written (counted). X-Ray indexes at
	 * most 50 per trace, so more would only take memory and document bytes.
	 */
	public static final int MAX_ANNOTATIONS = 100;

	/**
	 * Most characters (estimated as JSON: namespaces, keys and values) all metadata of
	 * one entity may take; what would go beyond is not written (counted). A document is
	 * at most 64,000 bytes, so more could never be sent.
	 */
	public static final int MAX_METADATA_CHARS = 64_000;

	/** The metadata namespace used when none is given. */
	public static final String DEFAULT_METADATA_NAMESPACE = "default";

	private static final int MAX_ANNOTATION_KEY_LENGTH = 500;

	/** What {@link #bounded} returns for a value that is not written. */
	static final Object REJECTED = new Object();

	private static final VarHandle END_MICROS;

	static {
		try {
			END_MICROS = MethodHandles.lookup().findVarHandle(Entity.class, "endMicros", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final XRayRecorder recorder;

	final String id;

	final String name;

	final long startMicros;

	volatile long endMicros;

	boolean error;

	boolean throttle;

	boolean fault;

	@Nullable Fields httpRequest;

	@Nullable Fields httpResponse;

	@Nullable Map<String, Object> aws;

	@Nullable Map<String, Object> annotations;

	@Nullable Map<String, Map<String, Object>> metadata;

	/**
	 * Characters (estimated) written to {@link #metadata} so far, bounded by
	 * {@link #MAX_METADATA_CHARS}.
	 */
	int metadataChars;

	@Nullable List<ExceptionRecord> exceptions;

	@Nullable String causeReference;

	/** Guarded by the segment's monitor. */
	@Nullable List<Subsegment> subsegments;

	Entity(XRayRecorder recorder, String name, long startMicros) {
		this(recorder, name, startMicros, Ids.newEntityId());
	}

	Entity(XRayRecorder recorder, String name, long startMicros, String id) {
		this.recorder = recorder;
		this.id = id;
		this.name = sanitizeName(name);
		this.startMicros = startMicros;
	}

	/**
	 * The entity id.
	 * @return 16 lowercase hex digits
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * The sanitized name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The trace this entity belongs to.
	 * @return the trace id
	 */
	public String getTraceId() {
		return getSegment().getTraceId();
	}

	/**
	 * The segment at the root of this entity's tree.
	 * @return the segment
	 */
	public abstract Segment getSegment();

	/**
	 * The header to send on a downstream call made within a subsegment of this entity
	 * that is not begun yet: {@code Parent} is the id reserved for it, with which it is
	 * begun later (see {@link XRayRecorder#beginSubsegment(Entity, String, String)}).
	 * @param childId the reserved subsegment id, from {@link Ids#newEntityId()}
	 * @return the header
	 */
	public TraceHeader traceHeaderForChild(String childId) {
		return getSegment().traceHeaderFor(childId);
	}

	/**
	 * Whether this entity's trace is sampled (an unsampled entity is never emitted).
	 * @return whether sampled
	 */
	public boolean isSampled() {
		return getSegment().isSampled();
	}

	/**
	 * Start time.
	 * @return microseconds since the epoch
	 */
	public long getStartMicros() {
		return this.startMicros;
	}

	/**
	 * End time.
	 * @return microseconds since the epoch, {@code 0} while in progress
	 */
	public long getEndMicros() {
		return this.endMicros;
	}

	/**
	 * Whether {@link #end()} was called.
	 * @return whether ended
	 */
	public boolean isEnded() {
		return this.endMicros != 0;
	}

	/**
	 * Marks a client error (4xx).
	 * @param error the flag
	 */
	public void setError(boolean error) {
		this.error = error;
	}

	/**
	 * Marks throttling (429); also marks an error.
	 * @param throttle the flag
	 */
	public void setThrottle(boolean throttle) {
		this.throttle = throttle;
		if (throttle) {
			this.error = true;
		}
	}

	/**
	 * Marks a server fault (5xx).
	 * @param fault the flag
	 */
	public void setFault(boolean fault) {
		this.fault = fault;
	}

	/**
	 * Whether the error flag is set.
	 * @return the flag
	 */
	public boolean isError() {
		return this.error;
	}

	/**
	 * Whether the throttle flag is set.
	 * @return the flag
	 */
	public boolean isThrottle() {
		return this.throttle;
	}

	/**
	 * Whether the fault flag is set.
	 * @return the flag
	 */
	public boolean isFault() {
		return this.fault;
	}

	/**
	 * Sets {@code error}, {@code throttle} and {@code fault} from an HTTP status: 4xx is
	 * an error, 429 also a throttle, 5xx a fault.
	 * @param status the HTTP status code
	 */
	public void applyStatus(int status) {
		if (status / 100 == 4) {
			this.error = true;
			if (status == 429) {
				this.throttle = true;
			}
		}
		else if (status / 100 == 5) {
			this.fault = true;
		}
	}

	/**
	 * Puts a field of {@code http.request} ({@code method}, {@code url},
	 * {@code user_agent}, {@code client_ip}, {@code x_forwarded_for}, {@code traced}).
	 * Strings are cut to {@value #MAX_STRING_LENGTH} characters.
	 * @param key the field
	 * @param value a string, number or boolean; {@code null} removes the field
	 */
	public void putHttpRequest(String key, @Nullable Object value) {
		Object checked = bounded("http", key, value, MAX_STRING_LENGTH);
		if (checked != REJECTED) {
			this.httpRequest = put(this.httpRequest, key, checked);
		}
	}

	/**
	 * Puts a field of {@code http.response} ({@code status}, {@code content_length}).
	 * @param key the field
	 * @param value a number or string (cut to {@value #MAX_STRING_LENGTH} characters);
	 * {@code null} removes the field
	 */
	public void putHttpResponse(String key, @Nullable Object value) {
		Object checked = bounded("http", key, value, MAX_STRING_LENGTH);
		if (checked != REJECTED) {
			this.httpResponse = put(this.httpResponse, key, checked);
		}
	}

	/**
	 * Puts a field of the {@code aws} object, e.g. {@code operation}, {@code region},
	 * {@code request_id}.
	 * @param key the field
	 * @param value any value accepted as metadata, strings in it cut to
	 * {@value #MAX_STRING_LENGTH} characters; {@code null} removes the field
	 */
	public void putAws(String key, @Nullable Object value) {
		Object checked = bounded("aws", key, value, MAX_STRING_LENGTH);
		if (checked != REJECTED) {
			this.aws = put(this.aws, key, checked);
		}
	}

	/**
	 * Adds an annotation (indexed, usable in filter expressions). Keys must match
	 * {@code ^[A-Za-z0-9_]{1,500}$}; values are strings (cut to 1000 characters), finite
	 * numbers or booleans. Anything else is not written and logged once per key. Writing
	 * a key again overwrites it.
	 * @param key the key
	 * @param value the value
	 * @return whether the annotation was written
	 */
	public boolean putAnnotation(String key, Object value) {
		if (!isValidAnnotationKey(key)) {
			String shown = (key != null) ? truncate(key, 100) : "null";
			this.recorder.rejected("annotation-key", shown,
					() -> "X-Ray annotation key '" + shown + "' is not written: keys must match ^[A-Za-z0-9_]{1,500}$");
			return false;
		}
		Object checked = annotationValue(value);
		if (checked == null) {
			// described by its type only: a rejected value's toString() may throw or be
			// slow, and is not ours to call
			String type = (value != null) ? value.getClass().getName() : "null";
			this.recorder.rejected("annotation-value", key, () -> "X-Ray annotation '" + key
					+ "' is not written: values must be a string, a finite number or a boolean, not " + type);
			return false;
		}
		if (this.annotations == null) {
			this.annotations = new LinkedHashMap<>();
		}
		else if (this.annotations.size() >= MAX_ANNOTATIONS && !this.annotations.containsKey(key)) {
			this.recorder.rejected("annotation-count", "",
					() -> "X-Ray annotations beyond " + MAX_ANNOTATIONS + " on one entity are not written");
			return false;
		}
		this.annotations.put(key, checked);
		return true;
	}

	/**
	 * Adds metadata in the {@code default} namespace, see
	 * {@link #putMetadata(String, String, Object)}.
	 * @param key the key
	 * @param value the value
	 * @return whether written
	 */
	public boolean putMetadata(String key, Object value) {
		return putMetadata(DEFAULT_METADATA_NAMESPACE, key, value);
	}

	/**
	 * Adds metadata (not indexed) in a namespace. Namespaces starting with {@code AWS.}
	 * are reserved for AWS and not written.
	 * <p>
	 * The value is copied now, so later changes to it are not recorded: strings (cut to
	 * {@value #MAX_METADATA_STRING_LENGTH} characters), numbers, booleans, enums (their
	 * name), maps, collections, arrays and records (objects of their components) are
	 * written as JSON; characters, UUIDs, URIs, paths, files, locales, dates and
	 * {@code java.time} values as their text; any other object as
	 * {@code "<its class name>"}, never through its {@code toString()}. A value that
	 * contains itself, is nested more than 32 levels deep, has more than 10,000 elements
	 * (a part shared several ways counts each time) or would take more than 32,000
	 * characters is not written, logged once per key and counted
	 * ({@code values.rejected}).
	 * @param namespace the namespace, {@code default} when {@code null} or empty
	 * @param key the key
	 * @param value the value
	 * @return whether written
	 */
	public boolean putMetadata(@Nullable String namespace, String key, Object value) {
		String ns = (namespace == null || namespace.isEmpty()) ? DEFAULT_METADATA_NAMESPACE : namespace;
		if (ns.startsWith("AWS.")) {
			String shown = truncate(ns, 100);
			this.recorder.rejected("metadata-namespace", shown,
					() -> "X-Ray metadata namespace '" + shown + "' is reserved for AWS and not written");
			return false;
		}
		if (key == null) {
			return false;
		}
		Object checked = bounded("metadata", key, value, MAX_METADATA_STRING_LENGTH);
		if (checked == REJECTED) {
			return false;
		}
		// what was written for the key before still counts: the budget bounds the work
		// and memory of all calls
		long chars = this.metadataChars + ns.length() + key.length() + JsonSnapshot.estimatedChars(checked) + 6;
		if (chars > MAX_METADATA_CHARS) {
			this.recorder.rejected("metadata-size", truncate(key, 100),
					() -> "X-Ray metadata '" + truncate(key, 100)
							+ "' is not written: the entity's metadata would take more than " + MAX_METADATA_CHARS
							+ " characters");
			return false;
		}
		this.metadataChars = (int) chars;
		if (this.metadata == null) {
			this.metadata = new LinkedHashMap<>();
		}
		this.metadata.computeIfAbsent(ns, (k) -> new LinkedHashMap<>()).put(key, checked);
		return true;
	}

	/**
	 * The annotations written so far.
	 * @return an unmodifiable view
	 */
	public Map<String, Object> getAnnotations() {
		return (this.annotations != null) ? Collections.unmodifiableMap(this.annotations) : Map.of();
	}

	/**
	 * Records an exception in {@code cause} and marks a fault unless an error or throttle
	 * is already set. Its cause chain is recorded too (each exception refers to its cause
	 * by id). When the same throwable was already recorded on one of this entity's
	 * subsegments, {@code cause} refers to that record by id instead. Messages withheld
	 * anywhere in the segment tree stay withheld, see
	 * {@link #addException(Throwable, boolean, Function)}.
	 * @param throwable the exception
	 */
	public void addException(Throwable throwable) {
		addException(throwable, false);
	}

	/**
	 * Records an exception, see {@link #addException(Throwable)}.
	 * @param throwable the exception
	 * @param remote whether a downstream service caused it
	 */
	public void addException(Throwable throwable, boolean remote) {
		addException(throwable, remote, null);
	}

	/**
	 * Records an exception, see {@link #addException(Throwable)}, with messages chosen by
	 * the caller instead of the exceptions' own: for exceptions whose messages may carry
	 * data that must not be recorded (a database driver's message quotes the statement's
	 * values).
	 * <p>
	 * The messages stay withheld in the whole segment tree: when this exception, or one
	 * whose cause chain (its first ten exceptions) holds it, is recorded again on any
	 * entity of the tree, on any thread, every message of its chain is withheld too,
	 * whatever that call asks: the message recorded here for an exception recorded here,
	 * else the one the later caller chooses, else a fixed text (a wrapper's message
	 * usually repeats its cause's). Types, stacks and cause links are recorded as usual.
	 * @param throwable the exception
	 * @param remote whether a downstream service caused it
	 * @param messages gives the message recorded for each exception of the cause chain
	 * (called once per exception, when it is added; {@code null} records no message), or
	 * {@code null} for the exceptions' own
	 */
	public void addException(Throwable throwable, boolean remote, @Nullable Function<Throwable, String> messages) {
		if (throwable == null) {
			return;
		}
		if (!this.error && !this.throttle) {
			this.fault = true;
		}
		if (this.exceptions == null && this.causeReference == null) {
			String existing = findRecordedOnChild(throwable);
			if (existing != null) {
				this.causeReference = existing;
				return;
			}
		}
		Segment segment = getSegment();
		WithheldMessages withheld = segment.withheldMessages();
		Function<Throwable, String> recorded = (withheld != null) ? withheld.messagesFor(throwable, messages)
				: messages;
		if (recorded != null && withheld == null) {
			withheld = segment.withheldMessagesCreated();
		}
		if (this.exceptions == null) {
			this.exceptions = new ArrayList<>(2);
		}
		ExceptionRecord previous = null;
		int depth = 0;
		for (Throwable current = throwable; current != null && depth < ExceptionRecord.MAX_CAUSES
				&& this.exceptions.size() < MAX_EXCEPTIONS; depth++) {
			if (containsThrowable(current)) {
				break;
			}
			ExceptionRecord record = new ExceptionRecord(current, remote, recorded);
			if (previous != null) {
				previous.causeId = record.id;
			}
			this.exceptions.add(record);
			if (recorded != null) {
				withheld.remember(current, record.message);
			}
			previous = record;
			Throwable next = causeOf(current);
			current = (next != current) ? next : null;
		}
	}

	/**
	 * A throwable's cause, or {@code null} when it has none or {@code getCause()} (which
	 * may be overridden) fails: recording an exception never throws into the caller.
	 */
	static @Nullable Throwable causeOf(Throwable throwable) {
		try {
			return throwable.getCause();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private boolean containsThrowable(Throwable throwable) {
		for (ExceptionRecord record : this.exceptions) {
			if (record.throwable == throwable) {
				return true;
			}
		}
		return false;
	}

	private @Nullable String findRecordedOnChild(Throwable throwable) {
		Segment segment = getSegment();
		synchronized (segment) {
			if (this.subsegments == null) {
				return null;
			}
			for (Subsegment child : this.subsegments) {
				if (child.exceptions != null) {
					for (ExceptionRecord record : child.exceptions) {
						if (record.throwable == throwable) {
							return record.id;
						}
					}
				}
			}
		}
		return null;
	}

	/**
	 * The subsegments currently attached (completed subsegments streamed early are no
	 * longer attached).
	 * @return a snapshot copy
	 */
	public List<Subsegment> getSubsegments() {
		synchronized (getSegment()) {
			return (this.subsegments != null) ? List.copyOf(this.subsegments) : List.of();
		}
	}

	/**
	 * Ends this entity now. Ending twice has no effect.
	 */
	public abstract void end();

	/**
	 * Ends this entity, so it can be used with try-with-resources.
	 */
	@Override
	public void close() {
		end();
	}

	boolean markEnded() {
		if (this.endMicros != 0) {
			return false;
		}
		// a compare-and-set rather than a monitor: ending is on every request's path (see
		// BENCHMARKS.md)
		return END_MICROS.compareAndSet(this, 0L, Math.max(this.recorder.nowMicros(), this.startMicros));
	}

	/**
	 * Whether the key matches {@code ^[A-Za-z0-9_]{1,500}$}; a loop, since a regex
	 * matcher allocates on every annotation.
	 */
	static boolean isValidAnnotationKey(String key) {
		if (key == null || key.isEmpty() || key.length() > MAX_ANNOTATION_KEY_LENGTH) {
			return false;
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
				return false;
			}
		}
		return true;
	}

	static String sanitizeName(String name) {
		if (name == null || name.isEmpty()) {
			return "unknown";
		}
		String limited = (name.length() > MAX_NAME_LENGTH) ? name.substring(0, MAX_NAME_LENGTH) : name;
		char[] chars = null;
		for (int i = 0; i < limited.length(); i++) {
			char c = limited.charAt(i);
			if (!isAllowedNameChar(c)) {
				if (chars == null) {
					chars = limited.toCharArray();
				}
				chars[i] = '_';
			}
		}
		return (chars != null) ? new String(chars) : limited;
	}

	private static boolean isAllowedNameChar(char c) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return true;
		}
		switch (c) {
			case '_', '.', ':', '/', '%', '&', '#', '=', '+', '-', '@', ' ':
				return true;
			default:
				if (c < 0x80 || Character.isSurrogate(c)) {
					return false;
				}
				int type = Character.getType(c);
				return Character.isLetterOrDigit(c) || type == Character.SPACE_SEPARATOR
						|| type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
		}
	}

	static String truncate(String value, int max) {
		return (value.length() > max) ? value.substring(0, max) : value;
	}

	/**
	 * Cuts a character sequence to {@code max} characters, without first copying all of a
	 * long one.
	 */
	static String truncate(CharSequence value, int max) {
		return (value.length() > max) ? value.subSequence(0, max).toString() : value.toString();
	}

	/**
	 * The value to record: strings cut to {@code maxStringLength}; any other value but a
	 * boolean or a common number copied within the limits of {@link JsonSnapshot}, or
	 * {@link #REJECTED} (logged once per key and counted) when it exceeds them. Strings,
	 * booleans and common numbers cost no more than a type check.
	 */
	@Nullable Object bounded(String kind, String key, @Nullable Object value, int maxStringLength) {
		if (value instanceof String text) {
			return truncate(text, maxStringLength);
		}
		// the final classes first: each is one comparison, where an interface such as
		// CharSequence takes a search of the class's interfaces
		if (value == null || value instanceof Integer || value instanceof Long || value instanceof Boolean
				|| value instanceof Double) {
			return value;
		}
		if (value instanceof CharSequence text) {
			try {
				return truncate(text, maxStringLength);
			}
			catch (RuntimeException ex) {
				// a user CharSequence: reading it must not throw into the caller
				return rejectedValue(kind, key, value, "could not be read");
			}
		}
		JsonSnapshot snapshot = new JsonSnapshot(maxStringLength);
		Object copy = snapshot.copy(value);
		if (snapshot.rejection() != null) {
			return rejectedValue(kind, key, value, snapshot.rejection());
		}
		return copy;
	}

	/**
	 * Count and log once a rejected value, naming only its type: its {@code toString()}
	 * is never called.
	 */
	private Object rejectedValue(String kind, String key, Object value, String reason) {
		String type = value.getClass().getName();
		this.recorder.rejected(kind + "-value", key, () -> "X-Ray " + kind + " '" + truncate(String.valueOf(key), 100)
				+ "' is not written: its value (a " + type + ") " + reason);
		return REJECTED;
	}

	/**
	 * The value to store for an annotation, or {@code null} when it is not a valid one. A
	 * {@link CharSequence} other than a {@code String} is turned into one here, on the
	 * caller's thread, and rejected if that fails.
	 */
	private static @Nullable Object annotationValue(Object value) {
		if (value instanceof String text) {
			return truncate(text, MAX_ANNOTATION_VALUE_LENGTH);
		}
		if (value instanceof Boolean) {
			return value;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			return value;
		}
		if (value instanceof Double || value instanceof Float) {
			return isFinite((Number) value) ? value : null;
		}
		if (value instanceof Number number) {
			return otherNumber(number);
		}
		if (value instanceof CharSequence text) {
			try {
				String string = text.toString();
				return (string != null) ? truncate(string, MAX_ANNOTATION_VALUE_LENGTH) : null;
			}
			catch (RuntimeException ex) {
				return null;
			}
		}
		return null;
	}

	/**
	 * The JDK's other numbers ({@code BigDecimal}, {@code BigInteger}, atomics, adders)
	 * as a {@code long} or a finite {@code double}, which is what X-Ray indexes; an
	 * application's own {@code Number} is rejected: its methods are not ours to call,
	 * least of all its {@code toString()} on the emitter thread.
	 */
	private static @Nullable Object otherNumber(Number number) {
		if (number.getClass().getClassLoader() != null) {
			return null;
		}
		double value = number.doubleValue();
		if (!Double.isFinite(value)) {
			return null;
		}
		return (value == Math.rint(value) && Math.abs(value) < 0x1p53) ? (Object) (long) value : (Object) value;
	}

	private static boolean isFinite(Number number) {
		if (number instanceof Double || number instanceof Float) {
			return Double.isFinite(number.doubleValue());
		}
		return true;
	}

	static @Nullable Fields put(@Nullable Fields fields, String key, @Nullable Object value) {
		if (value == null) {
			if (fields != null) {
				fields.put(key, null);
			}
			return fields;
		}
		Fields target = (fields != null) ? fields : new Fields();
		target.put(key, value);
		return target;
	}

	static @Nullable Map<String, Object> put(@Nullable Map<String, Object> map, String key, @Nullable Object value) {
		if (value == null) {
			if (map != null) {
				map.remove(key);
			}
			return map;
		}
		Map<String, Object> target = (map != null) ? map : new LinkedHashMap<>(8);
		target.put(key, value);
		return target;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.name + ", id=" + this.id + ", trace=" + getTraceId() + "]";
	}

}
