package org.xrayspring.console.assembly;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.xrayspring.console.document.ReceivedSegmentDocument;
import org.xrayspring.console.store.StoredTrace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One stored trace assembled into a tree: segments, their embedded subsegments,
 * independent subsegments attached to their parents and segments attached to the
 * subsegments that called them.
 *
 * @author xray-spring-boot
 */
public final class TraceAnalysis {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Comparator<TraceNode> BY_START = Comparator.comparingDouble(TraceNode::getStartTime);

	/**
	 * Deepest nesting in a merged document: each document's own nesting is bounded at
	 * ingestion, but a chain of independent subsegments could nest without end; deeper
	 * ones stay separate documents, so that writing the merged document and showing it
	 * stay within every reader's limits.
	 */
	static final int MAX_MERGED_DEPTH = 128;

	private final StoredTrace trace;

	private final List<TraceNode> nodes = new ArrayList<>();

	private final Map<String, TraceNode> byId = new HashMap<>();

	private final List<TraceNode> segments = new ArrayList<>();

	private final @Nullable TraceNode root;

	private TraceAnalysis(StoredTrace trace) {
		this.trace = trace;
		List<TraceNode> independent = new ArrayList<>();
		for (ReceivedSegmentDocument document : trace.getDocuments()) {
			TraceNode node = new TraceNode(document.getTree(), !document.isSubsegment(), document.getParentId());
			add(node, node.isSegment() ? node : null);
			if (node.isSegment()) {
				this.segments.add(node);
			}
			else {
				independent.add(node);
			}
		}
		// Independent subsegments may hang off each other; resolve owners until nothing
		// changes.
		boolean changed = true;
		while (changed) {
			changed = false;
			for (TraceNode node : independent) {
				if (node.getService() == null && node.getParentId() != null) {
					TraceNode parent = this.byId.get(node.getParentId());
					if (parent != null && parent.getService() != null) {
						setService(node, parent.getService());
						changed = true;
					}
				}
			}
		}
		for (TraceNode node : independent) {
			TraceNode parent = (node.getParentId() != null) ? this.byId.get(node.getParentId()) : null;
			if (parent != null) {
				parent.children.add(node);
			}
		}
		for (TraceNode node : this.nodes) {
			node.children.sort(BY_START);
		}
		this.segments.sort(BY_START);
		this.root = this.segments.stream()
			.filter((segment) -> segment.getParentId() == null || !this.byId.containsKey(segment.getParentId()))
			.findFirst()
			.orElse(null);
	}

	private void add(TraceNode node, @Nullable TraceNode service) {
		node.setService(service);
		this.nodes.add(node);
		this.byId.putIfAbsent(node.getId(), node);
		JsonNode subsegments = node.getTree().get("subsegments");
		if (subsegments != null && subsegments.isArray()) {
			for (JsonNode child : subsegments) {
				if (child instanceof ObjectNode object) {
					TraceNode childNode = new TraceNode(object, false, node.getId());
					node.children.add(childNode);
					add(childNode, service);
				}
			}
		}
	}

	private static void setService(TraceNode node, @Nullable TraceNode service) {
		node.setService(service);
		for (TraceNode child : node.children) {
			setService(child, service);
		}
	}

	/**
	 * Assemble a stored trace.
	 * @param trace the trace
	 * @return the analysis
	 */
	public static TraceAnalysis of(StoredTrace trace) {
		return new TraceAnalysis(trace);
	}

	/**
	 * Return the stored trace.
	 * @return the trace
	 */
	public StoredTrace getTrace() {
		return this.trace;
	}

	/**
	 * Return every segment and subsegment.
	 * @return the nodes
	 */
	public List<TraceNode> getNodes() {
		return this.nodes;
	}

	/**
	 * Return the segments (one per service hop), by start time.
	 * @return the segments
	 */
	public List<TraceNode> getSegments() {
		return this.segments;
	}

	/**
	 * Return a node by id.
	 * @param id the id
	 * @return the node or {@code null}
	 */
	public @Nullable TraceNode getNode(String id) {
		return this.byId.get(id);
	}

	/**
	 * Return the entry segment: the earliest segment without a known caller.
	 * @return the root segment, or {@code null} when only subsegments arrived
	 */
	public @Nullable TraceNode getRoot() {
		return this.root;
	}

	/**
	 * Return the earliest start time.
	 * @return epoch seconds
	 */
	public double getStartTime() {
		return this.nodes.stream().mapToDouble(TraceNode::getStartTime).filter(Double::isFinite).min().orElse(0);
	}

	/**
	 * Return the latest end time (or start time of nodes still in progress).
	 * @return epoch seconds
	 */
	public double getEndTime() {
		double end = getStartTime();
		for (TraceNode node : this.nodes) {
			double value = node.isInProgress() ? node.getStartTime() : node.getEndTime();
			if (Double.isFinite(value)) {
				end = Math.max(end, value);
			}
		}
		return end;
	}

	/**
	 * Return the trace duration: latest end minus earliest start.
	 * @return seconds
	 */
	public double getDuration() {
		return getEndTime() - getStartTime();
	}

	/**
	 * Return the root segment's response time.
	 * @return seconds ({@code 0} without a complete root segment)
	 */
	public double getResponseTime() {
		return (this.root != null && !this.root.isInProgress()) ? this.root.getDuration() : 0;
	}

	/**
	 * Return whether any segment reports a fault.
	 * @return the flag
	 */
	public boolean hasFault() {
		return this.segments.stream().anyMatch(TraceNode::isFault);
	}

	/**
	 * Return whether any segment reports an error.
	 * @return the flag
	 */
	public boolean hasError() {
		return this.segments.stream().anyMatch(TraceNode::isError);
	}

	/**
	 * Return whether any segment reports throttling.
	 * @return the flag
	 */
	public boolean hasThrottle() {
		return this.segments.stream().anyMatch(TraceNode::isThrottle);
	}

	/**
	 * Return whether the trace is incomplete: something in progress, no root, or a traced
	 * call whose segment has not arrived.
	 * @return the flag
	 */
	public boolean isPartial() {
		return this.root == null || this.nodes.stream().anyMatch(TraceNode::isInProgress);
	}

	/**
	 * Return the names of the services in the trace: segment names and the downstream
	 * resources their subsegments call.
	 * @return the names, in order of appearance
	 */
	public Set<String> getServiceNames() {
		Set<String> names = new LinkedHashSet<>();
		this.segments.forEach((segment) -> names.add(segment.getName()));
		for (TraceNode node : this.nodes) {
			if (!node.isSegment() && node.getNamespace() != null && !callsKnownSegment(node)) {
				names.add(node.getName());
			}
		}
		return names;
	}

	/**
	 * Return whether a subsegment's call is answered by a segment in this trace.
	 * @param subsegment the calling subsegment
	 * @return the flag
	 */
	boolean callsKnownSegment(TraceNode subsegment) {
		return calledSegment(subsegment) != null;
	}

	@Nullable TraceNode calledSegment(TraceNode subsegment) {
		for (TraceNode segment : this.segments) {
			if (subsegment.getId().equals(segment.getParentId())) {
				return segment;
			}
		}
		return null;
	}

	/**
	 * Return all annotations of all nodes, by key, values in order of appearance.
	 * @return the annotations
	 */
	public Map<String, List<AnnotationValue>> getAnnotations() {
		Map<String, List<AnnotationValue>> result = new LinkedHashMap<>();
		for (TraceNode node : this.nodes) {
			JsonNode annotations = node.getTree().get("annotations");
			if (annotations != null && annotations.isObject()) {
				for (Map.Entry<String, JsonNode> entry : annotations.properties()) {
					if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
						TraceNode service = node.getService();
						result.computeIfAbsent(entry.getKey(), (key) -> new ArrayList<>())
							.add(new AnnotationValue(entry.getValue(), (service != null) ? service.getName() : null));
					}
				}
			}
		}
		return result;
	}

	/**
	 * Return the users named by segments ({@code user} field).
	 * @return the users
	 */
	public Set<String> getUsers() {
		Set<String> users = new LinkedHashSet<>();
		for (TraceNode segment : this.segments) {
			String user = segment.text("user", null);
			if (user != null) {
				users.add(user);
			}
		}
		return users;
	}

	/**
	 * Return the trace's documents as BatchGetTraces returns them: each segment with the
	 * independent subsegments that belong to it merged in; independent subsegments whose
	 * parent is unknown stay separate. Untouched documents keep their original text.
	 * @return id and document text of each entry
	 */
	public List<Map.Entry<String, String>> getMergedDocuments() {
		Map<String, ObjectNode> copies = new LinkedHashMap<>();
		Map<String, ObjectNode> index = new HashMap<>();
		Map<ObjectNode, Integer> depths = new IdentityHashMap<>();
		Map<String, String> originals = new HashMap<>();
		List<ReceivedSegmentDocument> pending = new ArrayList<>();
		for (ReceivedSegmentDocument document : this.trace.getDocuments()) {
			if (document.isSubsegment()) {
				pending.add(document);
			}
			else {
				ObjectNode copy = document.getTree().deepCopy();
				copies.put(document.getId(), copy);
				originals.put(document.getId(), document.getText());
				indexTree(copy, index, depths, 0);
			}
		}
		Set<String> modified = new java.util.HashSet<>();
		boolean progress = true;
		while (progress && !pending.isEmpty()) {
			progress = false;
			for (var iterator = pending.iterator(); iterator.hasNext();) {
				ReceivedSegmentDocument subsegment = iterator.next();
				ObjectNode parent = index.get(subsegment.getParentId());
				if (parent != null && parent != index.get(subsegment.getId())
						&& depths.get(parent) + 1 + height(subsegment.getTree()) <= MAX_MERGED_DEPTH) {
					ObjectNode copy = subsegment.getTree().deepCopy();
					JsonNode existing = parent.get("subsegments");
					ArrayNode children = (existing instanceof ArrayNode array) ? array : parent.putArray("subsegments");
					children.add(copy);
					indexTree(copy, index, depths, depths.get(parent) + 1);
					modified.add(owner(copy, copies, index));
					iterator.remove();
					progress = true;
				}
			}
		}
		List<Map.Entry<String, String>> result = new ArrayList<>();
		copies.forEach((id, copy) -> result
			.add(Map.entry(id, modified.contains(id) ? MAPPER.writeValueAsString(copy) : originals.get(id))));
		for (ReceivedSegmentDocument orphan : pending) {
			result.add(Map.entry(orphan.getId(), orphan.getText()));
		}
		return result;
	}

	private static String owner(ObjectNode node, Map<String, ObjectNode> segments, Map<String, ObjectNode> index) {
		for (Map.Entry<String, ObjectNode> segment : segments.entrySet()) {
			if (contains(segment.getValue(), node)) {
				return segment.getKey();
			}
		}
		return "";
	}

	private static boolean contains(JsonNode tree, JsonNode target) {
		if (tree == target) {
			return true;
		}
		JsonNode children = tree.get("subsegments");
		if (children != null && children.isArray()) {
			for (JsonNode child : children) {
				if (contains(child, target)) {
					return true;
				}
			}
		}
		return false;
	}

	private static void indexTree(ObjectNode node, Map<String, ObjectNode> index, Map<ObjectNode, Integer> depths,
			int depth) {
		depths.put(node, depth);
		JsonNode id = node.get("id");
		if (id != null && id.isString()) {
			index.putIfAbsent(id.stringValue(), node);
		}
		JsonNode children = node.get("subsegments");
		if (children != null && children.isArray()) {
			for (JsonNode child : children) {
				if (child instanceof ObjectNode object) {
					indexTree(object, index, depths, depth + 1);
				}
			}
		}
	}

	private static int height(JsonNode node) {
		int height = 0;
		JsonNode children = node.get("subsegments");
		if (children != null && children.isArray()) {
			for (JsonNode child : children) {
				height = Math.max(height, 1 + height(child));
			}
		}
		return height;
	}

	/**
	 * One annotation value and the service that recorded it.
	 *
	 * @param value the scalar value
	 * @param serviceName the name of the recording service, or {@code null}
	 */
	public record AnnotationValue(JsonNode value, @Nullable String serviceName) {
	}

}
