package org.xrayspring.console.assembly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The service graph of a set of traces, as GetServiceGraph describes it: services
 * (segments), the resources they call that send no segments of their own (inferred from
 * {@code aws}/{@code remote} subsegments), a client node for requests entering the traced
 * system, and edges with request and outcome counts.
 *
 * @author xray-spring-boot
 */
public final class ServiceGraph {

	/** Type of the node standing for callers outside the traces. */
	public static final String CLIENT_TYPE = "client";

	private final Map<NodeKey, Node> nodes = new LinkedHashMap<>();

	private double startTime = Double.NaN;

	private double endTime = Double.NaN;

	/**
	 * Build the graph of some traces.
	 * @param traces the traces
	 * @return the graph
	 */
	public static ServiceGraph of(List<TraceAnalysis> traces) {
		ServiceGraph graph = new ServiceGraph();
		traces.forEach(graph::add);
		return graph;
	}

	private void add(TraceAnalysis trace) {
		for (TraceNode segment : trace.getSegments()) {
			Node service = node(new NodeKey(segment.getName(), segment.getOrigin()));
			service.stats.record(segment);
			time(segment);
			TraceNode caller = (segment.getParentId() != null) ? trace.getNode(segment.getParentId()) : null;
			TraceNode callerService = (caller != null) ? caller.getService() : null;
			if (callerService == null) {
				Node client = node(new NodeKey("client", CLIENT_TYPE));
				client.edge(service).record(segment);
				service.root = true;
			}
			else {
				node(new NodeKey(callerService.getName(), callerService.getOrigin())).edge(service)
					.record((caller != null && !caller.isInProgress()) ? caller : segment);
			}
		}
		for (TraceNode node : trace.getNodes()) {
			if (node.isSegment() || node.getService() == null || !isDownstreamCall(node)
					|| trace.callsKnownSegment(node)) {
				continue;
			}
			Node inferred = node(new NodeKey(node.getName(), inferredType(node)));
			inferred.stats.record(node);
			TraceNode owner = Objects.requireNonNull(node.getService());
			node(new NodeKey(owner.getName(), owner.getOrigin())).edge(inferred).record(node);
		}
	}

	private static boolean isDownstreamCall(TraceNode node) {
		return "aws".equals(node.getNamespace()) || "remote".equals(node.getNamespace()) || node.getTree().has("sql");
	}

	private static String inferredType(TraceNode node) {
		if (node.getTree().has("sql")) {
			return "Database::SQL";
		}
		if ("aws".equals(node.getNamespace())) {
			return "AWS::" + node.getName();
		}
		return "remote";
	}

	private void time(TraceNode segment) {
		double start = segment.getStartTime();
		double end = segment.isInProgress() ? start : segment.getEndTime();
		this.startTime = Double.isNaN(this.startTime) ? start : Math.min(this.startTime, start);
		this.endTime = Double.isNaN(this.endTime) ? end : Math.max(this.endTime, end);
	}

	private Node node(NodeKey key) {
		return this.nodes.computeIfAbsent(key, (k) -> new Node(this.nodes.size(), k));
	}

	/**
	 * Return the nodes, in order of first appearance; reference ids are list indexes.
	 * @return the nodes
	 */
	public List<Node> getNodes() {
		return new ArrayList<>(this.nodes.values());
	}

	/**
	 * Return the earliest segment start time.
	 * @return epoch seconds, or {@code NaN} for an empty graph
	 */
	public double getStartTime() {
		return this.startTime;
	}

	/**
	 * Return the latest segment end time.
	 * @return epoch seconds, or {@code NaN} for an empty graph
	 */
	public double getEndTime() {
		return this.endTime;
	}

	/**
	 * Identity of a node: name and type ({@code null} for a service without origin).
	 *
	 * @param name the name
	 * @param type the type
	 */
	public record NodeKey(String name, @Nullable String type) {
	}

	/**
	 * A service graph node.
	 */
	public static final class Node {

		private final int referenceId;

		private final NodeKey key;

		private final Statistics stats = new Statistics();

		private final Map<Integer, Edge> edges = new LinkedHashMap<>();

		private boolean root;

		Node(int referenceId, NodeKey key) {
			this.referenceId = referenceId;
			this.key = key;
		}

		Statistics edge(Node target) {
			return this.edges.computeIfAbsent(target.referenceId, (id) -> new Edge(target.referenceId)).stats;
		}

		/**
		 * Return the reference id.
		 * @return the id
		 */
		public int getReferenceId() {
			return this.referenceId;
		}

		/**
		 * Return the name.
		 * @return the name
		 */
		public String getName() {
			return this.key.name();
		}

		/**
		 * Return the type: a segment origin, {@code client}, {@code remote},
		 * {@code Database::SQL}, an {@code AWS::} type, or {@code null}.
		 * @return the type
		 */
		public @Nullable String getType() {
			return this.key.type();
		}

		/**
		 * Return whether clients call this service directly.
		 * @return the flag
		 */
		public boolean isRoot() {
			return this.root;
		}

		/**
		 * Return the statistics of the node's own work (empty for the client node).
		 * @return the statistics
		 */
		public Statistics getStatistics() {
			return this.stats;
		}

		/**
		 * Return the outgoing edges.
		 * @return the edges
		 */
		public List<Edge> getEdges() {
			return new ArrayList<>(this.edges.values());
		}

	}

	/**
	 * An edge to another node.
	 */
	public static final class Edge {

		private final int referenceId;

		private final Statistics stats = new Statistics();

		Edge(int referenceId) {
			this.referenceId = referenceId;
		}

		/**
		 * Return the target node's reference id.
		 * @return the id
		 */
		public int getReferenceId() {
			return this.referenceId;
		}

		/**
		 * Return the statistics of calls along this edge.
		 * @return the statistics
		 */
		public Statistics getStatistics() {
			return this.stats;
		}

	}

	/**
	 * Request counts and total response time.
	 */
	public static final class Statistics {

		private long ok;

		private long error;

		private long throttle;

		private long fault;

		private long total;

		private double totalResponseTime;

		void record(TraceNode node) {
			this.total++;
			if (node.isFault()) {
				this.fault++;
			}
			else if (node.isError() || node.isThrottle()) {
				this.error++;
				if (node.isThrottle()) {
					this.throttle++;
				}
			}
			else {
				this.ok++;
			}
			if (!node.isInProgress()) {
				this.totalResponseTime += node.getDuration();
			}
		}

		/**
		 * Return requests without error or fault.
		 * @return the count
		 */
		public long getOkCount() {
			return this.ok;
		}

		/**
		 * Return requests with an error (4xx), throttled ones included.
		 * @return the count
		 */
		public long getErrorCount() {
			return this.error;
		}

		/**
		 * Return throttled requests (429).
		 * @return the count
		 */
		public long getThrottleCount() {
			return this.throttle;
		}

		/**
		 * Return requests with a fault (5xx).
		 * @return the count
		 */
		public long getFaultCount() {
			return this.fault;
		}

		/**
		 * Return all requests.
		 * @return the count
		 */
		public long getTotalCount() {
			return this.total;
		}

		/**
		 * Return the sum of response times.
		 * @return seconds
		 */
		public double getTotalResponseTime() {
			return this.totalResponseTime;
		}

	}

}
