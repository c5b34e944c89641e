package org.xrayspring.recorder;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;

/**
 * Turns entities into segment documents that each fit a size budget.
 * <p>
 * A segment whose document is too large first sends its subsegments as independent subsegment documents
 * ({@code type}, {@code trace_id}, {@code parent_id}), splitting each further the same way, and then itself
 * without them. A single entity still too large on its own is trimmed step by step, and each step is named in
 * its metadata under {@code xray.trimmed}: first its metadata, then its stack frames, then its annotations. Only
 * when even that does not fit is the document dropped, which the caller counts.
 * <p>
 * <b>Open entities.</b> The tree's structure is read under the segment's monitor, but the fields of a subsegment
 * that is still open (in an in-progress document) may be written by its own thread at the same time, without
 * that monitor. So an open entity is written with only what cannot change (name, id, start time, namespace,
 * {@code in_progress}) and its children; the complete document, which overwrites the in-progress one in X-Ray,
 * carries the rest. Should an ended entity still be changed while it is written (by code writing after
 * {@code end()}), the {@link ConcurrentModificationException} this may cause makes the document be written
 * again, up to {@value #ATTEMPTS} times.
 */
public final class SegmentDocuments {

	/** How often writing a document is tried when entities change while they are written. */
	static final int ATTEMPTS = 3;

	private SegmentDocuments() {
	}

	/**
	 * Writes an entity: a segment with all its attached subsegments, or a subsegment as an independent document.
	 * @param entity the entity
	 * @return the JSON document
	 */
	public static String toJson(Entity entity) {
		for (int attempt = 1;; attempt++) {
			try {
				return new DocumentWriter(new StringBuilder(1024)).write(entity);
			}
			catch (ConcurrentModificationException ex) {
				if (attempt >= ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Writes an entity as documents of at most {@code maxBytes} UTF-8 bytes each, in the order to send them
	 * (independent subsegments before their parents).
	 * @param entity a segment or an independent subsegment
	 * @param maxBytes the budget per document
	 * @return the documents; a document that could not be brought under budget even trimmed is left out and
	 * counted in {@link Result#dropped()}
	 */
	public static Result split(Entity entity, int maxBytes) {
		for (int attempt = 1;; attempt++) {
			Result result = new Result();
			try {
				split(entity, maxBytes, result);
				return result;
			}
			catch (ConcurrentModificationException ex) {
				if (attempt >= ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private static void split(Entity entity, int maxBytes, Result result) {
		StringBuilder buffer = new StringBuilder(4096);
		String full = new DocumentWriter(buffer).write(entity);
		if (utf8Length(full) <= maxBytes) {
			result.documents.add(full);
			return;
		}
		List<Subsegment> children = entity.getSubsegments();
		for (Subsegment child : children) {
			split(child, maxBytes, result);
		}
		List<String> trimmed = new ArrayList<>(3);
		String document = write(entity, buffer, trimmed, true, ExceptionRecord.MAX_STACK_FRAMES, true);
		if (utf8Length(document) > maxBytes && hasMetadata(entity)) {
			trimmed.add("metadata");
			document = write(entity, buffer, trimmed, false, ExceptionRecord.MAX_STACK_FRAMES, true);
		}
		if (utf8Length(document) > maxBytes && entity.exceptions != null) {
			trimmed.add("stack");
			document = write(entity, buffer, trimmed, false, 0, true);
		}
		if (utf8Length(document) > maxBytes && entity.annotations != null) {
			trimmed.add("annotations");
			document = write(entity, buffer, trimmed, false, 0, false);
		}
		if (utf8Length(document) > maxBytes) {
			result.dropped++;
			return;
		}
		if (!trimmed.isEmpty()) {
			result.trimmed++;
		}
		result.documents.add(document);
	}

	private static boolean hasMetadata(Entity entity) {
		return entity.metadata != null && !entity.metadata.isEmpty();
	}

	private static String write(Entity entity, StringBuilder buffer, List<String> trimmed, boolean metadata,
			int frames, boolean annotations) {
		buffer.setLength(0);
		return new DocumentWriter(buffer).includeSubsegments(false)
			.trim(List.copyOf(trimmed), metadata, frames, annotations)
			.write(entity);
	}

	/**
	 * The number of bytes the string takes in UTF-8.
	 * @param text the text
	 * @return the length in bytes
	 */
	public static int utf8Length(CharSequence text) {
		int length = text.length();
		int bytes = length;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				if (c < 0x800) {
					bytes += 1;
				}
				else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					bytes += 2;
					i++;
				}
				else {
					bytes += 2;
				}
			}
		}
		return bytes;
	}

	/**
	 * Documents produced by {@link SegmentDocuments#split(Entity, int)}.
	 */
	public static final class Result {

		private final List<String> documents = new ArrayList<>(1);

		private int trimmed;

		private int dropped;

		private Result() {
		}

		/**
		 * The documents in sending order.
		 * @return the documents
		 */
		public List<String> documents() {
			return this.documents;
		}

		/**
		 * How many documents were trimmed to fit.
		 * @return the count
		 */
		public int trimmed() {
			return this.trimmed;
		}

		/**
		 * How many documents could not be brought under budget and were left out.
		 * @return the count
		 */
		public int dropped() {
			return this.dropped;
		}

	}

}
