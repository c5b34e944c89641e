package org.xrayspring.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The entities of a set of segment documents, each with its parent, whether it came
 * nested in its parent's document or as an independent subsegment document. A document
 * sent again for the same entity (the complete document after an in-progress one)
 * replaces the earlier one, as in X-Ray.
 */
public final class RecordedTraces {

	private final List<JsonNode> documents;

	private final Map<String, RecordedEntity> entities = new LinkedHashMap<>();

	private RecordedTraces(List<JsonNode> documents) {
		this.documents = List.copyOf(documents);
		for (JsonNode document : documents) {
			String traceId = document.path("trace_id").asString();
			boolean segment = !"subsegment".equals(document.path("type").asString(""));
			collect(document, document.path("parent_id").asString(null), traceId, segment);
		}
	}

	/**
	 * Assembles documents, asserting that each is valid (see
	 * {@link XRayDocuments#problems(String)}).
	 * @param documents the documents in the order they were sent
	 * @return the traces
	 * @throws AssertionError when a document is invalid
	 */
	public static RecordedTraces of(Collection<String> documents) {
		List<JsonNode> parsed = new ArrayList<>(documents.size());
		for (String document : documents) {
			parsed.add(XRayDocuments.assertValidDocument(document));
		}
		return new RecordedTraces(parsed);
	}

	private void collect(JsonNode entity, String parentId, String traceId, boolean segment) {
		String id = entity.path("id").asString();
		this.entities.remove(id);
		this.entities.put(id, new RecordedEntity(id, parentId, traceId, segment, entity));
		for (JsonNode child : entity.path("subsegments")) {
			collect(child, id, traceId, false);
		}
	}

	/**
	 * The documents, parsed, in the order they were sent.
	 * @return the documents
	 */
	public List<JsonNode> documents() {
		return this.documents;
	}

	/**
	 * The trace ids, in the order first seen.
	 * @return the ids
	 */
	public Set<String> traceIds() {
		Set<String> ids = new LinkedHashSet<>();
		this.entities.values().forEach((entity) -> ids.add(entity.traceId()));
		return ids;
	}

	/**
	 * Only the entities of one trace.
	 * @param traceId the trace id
	 * @return the entities of that trace (none when it was not recorded)
	 */
	public RecordedTraces trace(String traceId) {
		return new RecordedTraces(this.documents.stream()
			.filter((document) -> traceId.equals(document.path("trace_id").asString()))
			.toList());
	}

	/**
	 * Every entity, segments and subsegments.
	 * @return the entities, in the order their documents came, each document depth first
	 */
	public Collection<RecordedEntity> entities() {
		return List.copyOf(this.entities.values());
	}

	/**
	 * The segments.
	 * @return the segments
	 */
	public List<RecordedEntity> segments() {
		return this.entities.values().stream().filter(RecordedEntity::segment).toList();
	}

	/**
	 * The subsegments, nested and independent.
	 * @return the subsegments
	 */
	public List<RecordedEntity> subsegments() {
		return this.entities.values().stream().filter((entity) -> !entity.segment()).toList();
	}

	/**
	 * The entities without parent: the segments that started their trace here.
	 * @return the entities
	 */
	public List<RecordedEntity> roots() {
		return this.entities.values().stream().filter((entity) -> entity.parentId() == null).toList();
	}

	/**
	 * The entities with a name.
	 * @param name the name
	 * @return the entities
	 */
	public List<RecordedEntity> allNamed(String name) {
		return this.entities.values().stream().filter((entity) -> entity.name().equals(name)).toList();
	}

	/**
	 * The one entity with a name.
	 * @param name the name
	 * @return the entity
	 * @throws AssertionError when there is none or more than one
	 */
	public RecordedEntity named(String name) {
		List<RecordedEntity> found = allNamed(name);
		if (found.size() != 1) {
			throw new AssertionError("Expected exactly one entity named " + name + " but found " + found.size()
					+ " among " + this.entities.values());
		}
		return found.get(0);
	}

	/**
	 * An entity by id.
	 * @param id the id
	 * @return the entity, empty when it was not recorded
	 */
	public Optional<RecordedEntity> get(String id) {
		return Optional.ofNullable(this.entities.get(id));
	}

	/**
	 * An entity's parent, when it was recorded too.
	 * @param entity the entity
	 * @return the parent
	 */
	public Optional<RecordedEntity> parent(RecordedEntity entity) {
		return (entity.parentId() != null) ? get(entity.parentId()) : Optional.empty();
	}

	/**
	 * The entities whose parent is this one, nested in its document or sent
	 * independently.
	 * @param entity the entity
	 * @return the children
	 */
	public List<RecordedEntity> children(RecordedEntity entity) {
		return this.entities.values().stream().filter((child) -> entity.id().equals(child.parentId())).toList();
	}

	/**
	 * The entities under this one, at any depth.
	 * @param entity the entity
	 * @return the descendants, depth first
	 */
	public List<RecordedEntity> descendants(RecordedEntity entity) {
		List<RecordedEntity> descendants = new ArrayList<>();
		collectDescendants(entity, descendants, new LinkedHashSet<>(Set.of(entity.id())));
		return descendants;
	}

	// the ids seen guard against documents whose parent ids form a cycle
	private void collectDescendants(RecordedEntity entity, List<RecordedEntity> descendants, Set<String> seen) {
		for (RecordedEntity child : children(entity)) {
			if (seen.add(child.id())) {
				descendants.add(child);
				collectDescendants(child, descendants, seen);
			}
		}
	}

}
