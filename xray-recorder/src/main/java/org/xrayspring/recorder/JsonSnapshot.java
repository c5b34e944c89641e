package org.xrayspring.recorder;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * A bounded copy of a value, made of JSON types only ({@code null}, {@link String},
 * {@link Boolean}, JDK numbers, {@link Map} with string keys, {@link List}), taken on the
 * caller's thread when the value is recorded. The emitter then writes a value that can
 * neither change under it nor take unbounded work.
 * <p>
 * Maps, collections, arrays and records are copied (records as objects of their
 * components); enums as their name; strings cut to a maximum length; characters, UUIDs,
 * URIs, paths, files, locales, dates and {@code java.time} values of the JDK's own
 * classes as their text. Any other object is written as {@code "<its class name>"}: the
 * application's {@code toString()} is never called, since it may be slow, throw, or
 * reveal secrets. A value is rejected as a whole when it contains itself, is nested more
 * than {@value #MAX_DEPTH} levels deep, has more than {@value #MAX_ELEMENTS} elements
 * (shared parts counted each time they are reached, so a small graph shared many ways is
 * as large as its tree) or would take more than {@value #MAX_CHARS} characters of JSON;
 * the work is bounded by these limits.
 */
final class JsonSnapshot {

	/** Deepest nesting of maps, collections, arrays and records in one value. */
	static final int MAX_DEPTH = 32;

	/** Most elements (containers and the values in them) in one value. */
	static final int MAX_ELEMENTS = 10_000;

	/** Largest one value's JSON may be, estimated in characters. */
	static final int MAX_CHARS = 32_000;

	/**
	 * The largest integer, in bits, written as a number; {@code toString()} of larger
	 * ones is costly.
	 */
	private static final int MAX_INTEGER_BITS = 1024;

	private static final ClassValue<Method[]> RECORD_ACCESSORS = new ClassValue<>() {

		@Override
		protected Method @Nullable [] computeValue(Class<?> type) {
			RecordComponent[] components = type.getRecordComponents();
			Method[] accessors = new Method[components.length];
			for (int i = 0; i < components.length; i++) {
				Method accessor = components[i].getAccessor();
				if (!accessor.trySetAccessible()) {
					return null;
				}
				accessors[i] = accessor;
			}
			return accessors;
		}

	};

	private final int maxStringLength;

	/**
	 * The containers from the root to the one being copied: a container found here again
	 * contains itself. Made for the first container, so that copying a single value
	 * allocates nothing more.
	 */
	private Object @Nullable [] path;

	private int elements;

	private int chars;

	private @Nullable String rejection;

	/**
	 * Creates a snapshot taker for one value.
	 * @param maxStringLength the length strings in the value are cut to
	 */
	JsonSnapshot(int maxStringLength) {
		this.maxStringLength = maxStringLength;
	}

	/**
	 * Copies the value.
	 * @param value the value
	 * @return the copy; meaningless when {@link #rejection()} is not {@code null}
	 */
	@Nullable Object copy(Object value) {
		try {
			return copy(value, 0);
		}
		catch (RuntimeException ex) {
			// a collection changed by another thread, an iterator that throws
			return reject("could not be read (" + ex.getClass().getName() + ")");
		}
	}

	/**
	 * Why the value was rejected.
	 * @return the reason, or {@code null} when the copy is complete
	 */
	@Nullable String rejection() {
		return this.rejection;
	}

	/**
	 * About how many characters a value that is already bounded (a string, a boolean, a
	 * number, or a copy made by a snapshot: maps and lists of those) takes as JSON. A
	 * copy has at most {@link #MAX_ELEMENTS} elements, so the walk is bounded too.
	 * @param value the bounded value
	 * @return the estimate
	 */
	static int estimatedChars(Object value) {
		if (value instanceof String text) {
			return text.length() + 2;
		}
		if (value instanceof Map<?, ?> map) {
			int chars = 2;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				chars += estimatedChars(entry.getKey()) + estimatedChars(entry.getValue()) + 2;
			}
			return chars;
		}
		if (value instanceof List<?> list) {
			int chars = 2;
			for (Object element : list) {
				chars += estimatedChars(element) + 1;
			}
			return chars;
		}
		// null, booleans and numbers
		return 24;
	}

	private @Nullable Object copy(Object value, int depth) {
		if (++this.elements > MAX_ELEMENTS) {
			return reject("has more than " + MAX_ELEMENTS + " elements");
		}
		if (value == null || value instanceof Boolean) {
			return count(value, 5);
		}
		if (value instanceof String text) {
			return string(text);
		}
		if (value instanceof CharSequence text) {
			return string(Entity.truncate(text, this.maxStringLength));
		}
		if (value instanceof Number number) {
			return number(number);
		}
		if (value instanceof Enum<?> constant) {
			return string(constant.name());
		}
		if (isJdkValue(value)) {
			return string(value.toString());
		}
		boolean map = value instanceof Map;
		boolean collection = value instanceof Collection;
		boolean array = value.getClass().isArray();
		boolean record = value instanceof Record;
		if (!map && !collection && !array && !record) {
			return string(typeMarker(value));
		}
		if (depth >= MAX_DEPTH) {
			return reject("is nested more than " + MAX_DEPTH + " levels deep");
		}
		if (this.path == null) {
			this.path = new Object[MAX_DEPTH];
		}
		for (int i = 0; i < depth; i++) {
			if (this.path[i] == value) {
				return reject("contains itself");
			}
		}
		this.path[depth] = value;
		try {
			if (map) {
				return copyMap((Map<?, ?>) value, depth);
			}
			if (collection) {
				return copyElements(((Collection<?>) value).iterator(), depth);
			}
			if (array) {
				return copyArray(value, depth);
			}
			return copyRecord((Record) value, depth);
		}
		finally {
			this.path[depth] = null;
		}
	}

	private @Nullable Map<String, Object> copyMap(Map<?, ?> map, int depth) {
		Map<String, Object> copy = new LinkedHashMap<>();
		this.chars += 2;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String key = key(entry.getKey());
			Object value = copy(entry.getValue(), depth + 1);
			if (this.rejection != null) {
				return null;
			}
			copy.put(key, value);
		}
		return copy;
	}

	private @Nullable List<Object> copyElements(java.util.Iterator<?> elements, int depth) {
		List<Object> copy = new ArrayList<>();
		this.chars += 2;
		while (elements.hasNext()) {
			Object value = copy(elements.next(), depth + 1);
			if (this.rejection != null) {
				return null;
			}
			copy.add(value);
		}
		return copy;
	}

	private @Nullable List<Object> copyArray(Object array, int depth) {
		int length = Array.getLength(array);
		List<Object> copy = new ArrayList<>(Math.min(length, 64));
		this.chars += 2;
		for (int i = 0; i < length; i++) {
			Object value = copy(Array.get(array, i), depth + 1);
			if (this.rejection != null) {
				return null;
			}
			copy.add(value);
		}
		return copy;
	}

	private @Nullable Object copyRecord(Record record, int depth) {
		Method[] accessors = RECORD_ACCESSORS.get(record.getClass());
		if (accessors == null) {
			return string(typeMarker(record));
		}
		Map<String, Object> copy = new LinkedHashMap<>();
		this.chars += 2;
		for (Method accessor : accessors) {
			Object component;
			try {
				component = accessor.invoke(record);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				return reject("could not be read (" + accessor.getName() + "() failed)");
			}
			String key = key(accessor.getName());
			Object value = copy(component, depth + 1);
			if (this.rejection != null) {
				return null;
			}
			copy.put(key, value);
		}
		return copy;
	}

	private String key(Object key) {
		String text;
		if (key instanceof String string) {
			text = Entity.truncate(string, this.maxStringLength);
		}
		else if (key instanceof CharSequence sequence) {
			text = Entity.truncate(sequence, this.maxStringLength);
		}
		else if (key instanceof Enum<?> constant) {
			text = constant.name();
		}
		else if (key instanceof Number || key instanceof Boolean || (key != null && isJdkValue(key))) {
			// JDK types only: their toString() is short and has no side effects
			Object number = (key instanceof Number n) ? number(n) : key;
			text = String.valueOf(number);
		}
		else {
			text = (key != null) ? typeMarker(key) : "null";
		}
		this.chars += text.length() + 3;
		return text;
	}

	private @Nullable Object number(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Double || number instanceof Float
				|| number instanceof Short || number instanceof Byte) {
			return count(number, 24);
		}
		if (number instanceof BigInteger integer) {
			return (integer.bitLength() <= MAX_INTEGER_BITS) ? count(integer, 310) : string(typeMarker(integer));
		}
		if (number instanceof BigDecimal decimal) {
			return (decimal.unscaledValue().bitLength() <= MAX_INTEGER_BITS) ? count(decimal, 330)
					: string(typeMarker(decimal));
		}
		if (number instanceof AtomicInteger || number instanceof AtomicLong || number instanceof LongAdder
				|| number instanceof LongAccumulator) {
			return count(number.longValue(), 24);
		}
		if (number instanceof DoubleAdder || number instanceof DoubleAccumulator) {
			return count(number.doubleValue(), 24);
		}
		// a Number of the application's own: its toString() is its code
		return string(typeMarker(number));
	}

	/**
	 * Values of JDK types whose text is short and computed without calling other code.
	 * Only classes of the JDK itself (the bootstrap loader) qualify, so an application's
	 * subclass with its own {@code toString()} does not.
	 */
	private static boolean isJdkValue(Object value) {
		Class<?> type = value.getClass();
		if (type.getClassLoader() != null) {
			return false;
		}
		return value instanceof Character || value instanceof UUID || value instanceof URI || value instanceof Path
				|| value instanceof File || value instanceof Locale || value instanceof Date
				|| type.getPackageName().startsWith("java.time");
	}

	private static String typeMarker(Object value) {
		return "<" + value.getClass().getName() + ">";
	}

	private @Nullable String string(String text) {
		String cut = Entity.truncate(text, this.maxStringLength);
		return (String) count(cut, cut.length() + 2);
	}

	private @Nullable Object count(Object value, int chars) {
		this.chars += chars + 1;
		if (this.chars > MAX_CHARS) {
			return reject("would take more than " + MAX_CHARS + " characters");
		}
		return value;
	}

	private @Nullable Object reject(String reason) {
		if (this.rejection == null) {
			this.rejection = reason;
		}
		return null;
	}

}
