package org.xrayspring.console.document;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Estimates the heap a parsed document keeps alive. The costs per node were measured on a
 * 64-bit JVM with compressed references (Java 17 and 25) by holding a few hundred 60 KB
 * documents of one shape each and comparing the heap after garbage collection: an empty
 * object costs about 84 bytes, an empty array 52, a one-character string 70; a realistic
 * document with many small subsegments costs about 8 times its text, one holding a single
 * long string about 1.1 times. The estimate rounds each cost up, so it stays above what
 * was measured.
 *
 * @author xray-spring-boot
 */
final class RetainedSize {

	/** An {@code ObjectNode} with its {@code LinkedHashMap}. */
	private static final int OBJECT = 96;

	/**
	 * A map entry, its share of the hash table, and the key string's header and array
	 * header.
	 */
	private static final int PROPERTY = 96;

	/** An {@code ArrayNode} with its {@code ArrayList}. */
	private static final int ARRAY = 64;

	/** An element slot, with room for the list's growth. */
	private static final int ELEMENT = 8;

	/** A string node: node, {@code String} and array headers. */
	private static final int STRING = 64;

	/** A number node (boxed int, long or double). */
	private static final int NUMBER = 32;

	/** A big integer or decimal node; Jackson reads at most 1,000 digits. */
	private static final int BIG_NUMBER = 640;

	/** A {@code String} and its array's headers. */
	static final int STRING_OVERHEAD = 48;

	private RetainedSize() {
	}

	/**
	 * Estimate the bytes retained by a parsed JSON tree.
	 * @param node the tree
	 * @return the estimate in bytes
	 */
	static long of(JsonNode node) {
		if (node.isObject()) {
			long size = OBJECT;
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				size += PROPERTY + characters(property.getKey()) + of(property.getValue());
			}
			return size;
		}
		if (node.isArray()) {
			long size = ARRAY;
			for (JsonNode element : node) {
				size += ELEMENT + of(element);
			}
			return size;
		}
		if (node.isString()) {
			return STRING + characters(node.stringValue());
		}
		if (node.isBigInteger() || node.isBigDecimal()) {
			return BIG_NUMBER;
		}
		if (node.isNumber()) {
			return NUMBER;
		}
		// true, false and null are shared instances.
		return 0;
	}

	/**
	 * Return the bytes a string's characters take: one each when all are Latin-1 (compact
	 * strings), else two.
	 * @param text the string
	 * @return the byte count
	 */
	static long characters(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) > 0xFF) {
				return 2L * text.length();
			}
		}
		return text.length();
	}

}
