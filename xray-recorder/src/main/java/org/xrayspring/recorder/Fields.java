package org.xrayspring.recorder;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A few named values in the order they were first put: the fields of {@code http.request}
 * and {@code http.response}. An entity holds at most a handful of them, put once each, so
 * they live in one array of key and value slots, searched from the start: one object and
 * one array per entity where a {@code LinkedHashMap} made a map, a table and an entry per
 * field, on every traced request (BENCHMARKS.md, issue 15). Not thread-safe: guarded like
 * the entity's other fields.
 */
final class Fields {

	private static final int INITIAL_FIELDS = 6;

	/** Key at even indexes, its value right after it. */
	private @Nullable Object[] slots = new Object[2 * INITIAL_FIELDS];

	private int size;

	/**
	 * Puts a field, replacing its value where it is, or removes it.
	 * @param key the field's name
	 * @param value the value, or {@code null} to remove the field
	 */
	void put(String key, @Nullable Object value) {
		int index = indexOf(key);
		if (value == null) {
			if (index >= 0) {
				int slot = 2 * index;
				System.arraycopy(this.slots, slot + 2, this.slots, slot, 2 * (this.size - index - 1));
				this.size--;
				this.slots[2 * this.size] = null;
				this.slots[2 * this.size + 1] = null;
			}
			return;
		}
		if (index >= 0) {
			this.slots[2 * index + 1] = value;
			return;
		}
		if (2 * this.size == this.slots.length) {
			this.slots = Arrays.copyOf(this.slots, 2 * this.slots.length);
		}
		this.slots[2 * this.size] = key;
		this.slots[2 * this.size + 1] = value;
		this.size++;
	}

	private int indexOf(String key) {
		for (int i = 0; i < this.size; i++) {
			Object candidate = this.slots[2 * i];
			if (candidate == key || key.equals(candidate)) {
				return i;
			}
		}
		return -1;
	}

	int size() {
		return this.size;
	}

	String key(int index) {
		return (String) this.slots[2 * index];
	}

	Object value(int index) {
		return this.slots[2 * index + 1];
	}

}
