package org.xrayspring.autoconfigure.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.SegmentDocuments;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.testing.SegmentDocumentAssertions;

/**
 * An {@link Emitter} for tests that keeps every document, serialized when emitted, and validates each one against
 * the segment document schema when it is read.
 */
public final class CollectingEmitter implements Emitter {

	private final List<String> documents = new CopyOnWriteArrayList<>();

	@Override
	public void sendSegment(Segment segment) {
		this.documents.add(SegmentDocuments.toJson(segment));
	}

	@Override
	public void sendSubsegment(Subsegment subsegment) {
		this.documents.add(SegmentDocuments.toJson(subsegment));
	}

	/**
	 * The documents emitted so far, each validated.
	 * @return the parsed documents
	 */
	public List<JsonNode> validDocuments() {
		List<JsonNode> nodes = new ArrayList<>();
		for (String document : this.documents) {
			nodes.add(SegmentDocumentAssertions.assertValidDocument(document));
		}
		return nodes;
	}

	/**
	 * The raw documents emitted so far.
	 * @return the JSON documents
	 */
	public List<String> documents() {
		return List.copyOf(this.documents);
	}

	/**
	 * Forgets what was emitted.
	 */
	public void clear() {
		this.documents.clear();
	}

	/**
	 * Every entity in a document tree, depth first, the root included.
	 * @param root the document
	 * @return the entities
	 */
	public static List<JsonNode> entities(JsonNode root) {
		List<JsonNode> result = new ArrayList<>();
		collect(root, result);
		return result;
	}

	private static void collect(JsonNode node, List<JsonNode> result) {
		result.add(node);
		for (JsonNode child : node.path("subsegments")) {
			collect(child, result);
		}
	}

	/**
	 * The subsegments of a document tree with the given name.
	 * @param root the document
	 * @param name the name
	 * @return the matching entities
	 */
	public static List<JsonNode> named(JsonNode root, String name) {
		return entities(root).stream().filter((node) -> name.equals(node.path("name").asString())).toList();
	}

}
