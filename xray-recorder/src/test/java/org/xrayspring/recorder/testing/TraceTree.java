package org.xrayspring.recorder.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entities of the documents a {@link FakeDaemon} received, each with its parent's id, whether it came nested in
 * its parent's document or as an independent subsegment; for asserting how a trace nests.
 */
public final class TraceTree {

	private final Map<String, Node> nodes = new LinkedHashMap<>();

	private final Set<String> traceIds = new LinkedHashSet<>();

	private TraceTree(List<JsonNode> documents) {
		for (JsonNode document : documents) {
			this.traceIds.add(document.path("trace_id").asString());
			collect(document, document.path("parent_id").asString(null));
		}
	}

	/**
	 * Waits for a first datagram, then takes datagrams until none arrives for half a second; asserts that the daemon
	 * accepts each and that each document is valid.
	 * @param daemon the daemon
	 * @param timeout the longest wait for the first datagram
	 * @return the tree
	 */
	public static TraceTree receive(FakeDaemon daemon, Duration timeout) {
		List<FakeDaemon.Datagram> datagrams = new ArrayList<>();
		datagrams.add(daemon.next(timeout));
		datagrams.addAll(daemon.drain(Duration.ofMillis(500)));
		List<JsonNode> documents = new ArrayList<>();
		for (FakeDaemon.Datagram datagram : datagrams) {
			assertThat(datagram.daemonAccepts()).isTrue();
			documents.add(SegmentDocumentAssertions.assertValidDocument(datagram.body()));
		}
		return new TraceTree(documents);
	}

	private void collect(JsonNode entity, String parentId) {
		String id = entity.path("id").asString();
		this.nodes.put(id, new Node(id, parentId, entity));
		for (JsonNode child : entity.path("subsegments")) {
			collect(child, id);
		}
	}

	/**
	 * The trace ids of the documents.
	 * @return the ids
	 */
	public Set<String> traceIds() {
		return this.traceIds;
	}

	/**
	 * Every entity.
	 * @return the entities
	 */
	public Collection<Node> nodes() {
		return this.nodes.values();
	}

	/**
	 * The entities without parent: the segments that started their trace here.
	 * @return the entities
	 */
	public List<Node> roots() {
		return this.nodes.values().stream().filter((node) -> node.parentId() == null).toList();
	}

	/**
	 * The one entity with the name, asserting that there is exactly one.
	 * @param name the name
	 * @return the entity
	 */
	public Node named(String name) {
		List<Node> found = this.nodes.values()
			.stream()
			.filter((node) -> node.json().path("name").asString().equals(name))
			.toList();
		assertThat(found).as("entities named %s", name).hasSize(1);
		return found.get(0);
	}

	/**
	 * An entity of the trace.
	 * @param id its id
	 * @param parentId its parent's id, {@code null} for a segment without parent
	 * @param json the entity as received
	 */
	public record Node(String id, String parentId, JsonNode json) {
	}

}
