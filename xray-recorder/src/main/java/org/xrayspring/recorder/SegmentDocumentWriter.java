package org.xrayspring.recorder;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.function.Consumer;

import org.xrayspring.recorder.json.JsonWriter;

/**
 * Turns entities into segment documents that each fit a size budget.
 * <p>
 * A segment whose document is too large first sends its subsegments as independent
 * subsegment documents ({@code type}, {@code trace_id}, {@code parent_id}), splitting
 * each further the same way, and then itself without them. A single entity still too
 * large on its own is trimmed step by step, and each step is named in its metadata under
 * {@code xray.trimmed}: first its metadata, then its stack frames, then its
 * {@code sql.sanitized_query}, then its exception messages, then its annotations. Since
 * every string an entity holds was cut to its field's limit when it was recorded (see
 * {@link Entity}), what is left then fits unless the entity holds thousands of fields.
 * Only when even that does not fit is the document dropped, which the caller counts.
 * <p>
 * <b>Open entities.</b> The tree's structure is read under the segment's monitor, but the
 * fields of a subsegment that is still open (in an in-progress document) may be written
 * by its own thread at the same time, without that monitor. So an open entity is written
 * with only what cannot change (name, id, start time, namespace, {@code in_progress}) and
 * its children; the complete document, which overwrites the in-progress one in X-Ray,
 * carries the rest. Should an ended entity still be changed while it is written (by code
 * writing after {@code end()}), the {@link ConcurrentModificationException} this may
 * cause makes the document be written again, up to {@value #ATTEMPTS} times.
 */
public final class SegmentDocumentWriter {

	/**
	 * How often writing a document is tried when entities change while they are written.
	 */
	static final int ATTEMPTS = 3;

	/** Trimming step: leave out the metadata. */
	static final String TRIM_METADATA = "metadata";

	/**
	 * Trimming step: leave out the exceptions' stack frames (counted in
	 * {@code truncated}).
	 */
	static final String TRIM_STACK = "stack";

	/** Trimming step: leave out {@code sql.sanitized_query}. */
	static final String TRIM_SQL = "sql";

	/** Trimming step: leave out the exceptions' messages. */
	static final String TRIM_MESSAGES = "messages";

	/** Trimming step: leave out the annotations. */
	static final String TRIM_ANNOTATIONS = "annotations";

	private static final List<String> TRIM_STEPS = List.of(TRIM_METADATA, TRIM_STACK, TRIM_SQL, TRIM_MESSAGES,
			TRIM_ANNOTATIONS);

	private SegmentDocumentWriter() {
	}

	/**
	 * Writes an entity: a segment with all its attached subsegments, or a subsegment as
	 * an independent document.
	 * @param entity the entity
	 * @return the JSON document
	 */
	public static String toJson(Entity entity) {
		return write(new DocumentWriter(new JsonWriter(1024)), entity).toString();
	}

	/**
	 * Writes an entity as documents of at most {@code maxBytes} UTF-8 bytes each, in the
	 * order to send them (independent subsegments before their parents).
	 * @param entity a segment or an independent subsegment
	 * @param maxBytes the budget per document
	 * @return the documents; a document that could not be brought under budget even
	 * trimmed is left out and counted in {@link Result#dropped()}
	 */
	public static Result split(Entity entity, int maxBytes) {
		Result result = new Result();
		List<String> documents = new ArrayList<>(1);
		result.documents = documents;
		split(entity, maxBytes, new JsonWriter(4096), (json) -> documents.add(json.toString()), result);
		return result;
	}

	/**
	 * Writes an entity as documents of at most {@code maxBytes} UTF-8 bytes each, like
	 * {@link #split(Entity, int)}, but into a reusable writer: each document is handed to
	 * the sink while it is in the writer, and is gone when the sink returns. This is how
	 * the emitter sends without copying.
	 * @param entity a segment or an independent subsegment
	 * @param maxBytes the budget per document
	 * @param scratch the writer to reuse
	 * @param sink called once per document, in sending order
	 * @return the counts ({@link Result#documents()} is empty)
	 */
	public static Result write(Entity entity, int maxBytes, JsonWriter scratch, Consumer<JsonWriter> sink) {
		Result result = new Result();
		split(entity, maxBytes, scratch, sink, result);
		return result;
	}

	private static void split(Entity entity, int maxBytes, JsonWriter json, Consumer<JsonWriter> sink, Result result) {
		write(new DocumentWriter(json), entity);
		if (json.length() <= maxBytes) {
			result.written++;
			sink.accept(json);
			return;
		}
		for (Subsegment child : entity.getSubsegments()) {
			split(child, maxBytes, json, sink, result);
		}
		List<String> trimmed = new ArrayList<>(TRIM_STEPS.size());
		writeAlone(entity, json, trimmed);
		for (String step : TRIM_STEPS) {
			if (json.length() <= maxBytes) {
				break;
			}
			if (canTrim(entity, step)) {
				trimmed.add(step);
				writeAlone(entity, json, trimmed);
			}
		}
		if (json.length() > maxBytes) {
			result.dropped++;
			return;
		}
		if (!trimmed.isEmpty()) {
			result.trimmed++;
		}
		result.written++;
		sink.accept(json);
	}

	/**
	 * Whether the entity has what the step leaves out.
	 */
	private static boolean canTrim(Entity entity, String step) {
		return switch (step) {
			case TRIM_METADATA -> entity.metadata != null && !entity.metadata.isEmpty();
			case TRIM_STACK, TRIM_MESSAGES -> entity.exceptions != null && !entity.exceptions.isEmpty();
			case TRIM_SQL -> entity instanceof Subsegment subsegment && subsegment.sql != null
					&& subsegment.sql.containsKey(Subsegment.SANITIZED_QUERY);
			case TRIM_ANNOTATIONS -> entity.annotations != null && !entity.annotations.isEmpty();
			default -> false;
		};
	}

	/**
	 * Writes the entity without its subsegments, leaving out what the trimming steps
	 * taken so far name.
	 */
	private static void writeAlone(Entity entity, JsonWriter json, List<String> trimmed) {
		write(new DocumentWriter(json).includeSubsegments(false).trim(List.copyOf(trimmed)), entity);
	}

	private static JsonWriter write(DocumentWriter writer, Entity entity) {
		for (int attempt = 1;; attempt++) {
			try {
				return writer.write(entity);
			}
			catch (ConcurrentModificationException ex) {
				if (attempt >= ATTEMPTS) {
					throw ex;
				}
			}
		}
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
				else if (Character.isHighSurrogate(c) && i + 1 < length
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
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
	 * Documents produced by {@link SegmentDocumentWriter#split(Entity, int)}.
	 */
	public static final class Result {

		/** Only {@link #split(Entity, int)} collects the documents. */
		private List<String> documents = List.of();

		private int written;

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
		 * How many documents were written (handed to the sink).
		 * @return the count
		 */
		public int written() {
			return this.written;
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
