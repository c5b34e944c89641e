package org.xrayspring.console.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;
import org.xrayspring.console.assembly.ServiceGraph;

/**
 * GetServiceGraph's response. The console keeps no histograms, so they are always empty.
 *
 * @param startTime the requested window's start
 * @param endTime the requested window's end
 * @param services the services, resources and the client node
 * @param containsOldGroupVersions always {@code false}: the console has no groups
 * @author xray-spring-boot
 */
@XRayShape
record ServiceGraphResponse(double startTime, double endTime, List<Service> services,
		boolean containsOldGroupVersions) {

	static ServiceGraphResponse of(TimeWindow window, ServiceGraph graph) {
		// Every service is shown as active over the whole graph's time span.
		Double start = Double.isNaN(graph.getStartTime()) ? null : graph.getStartTime();
		Double end = Double.isNaN(graph.getStartTime()) ? null : graph.getEndTime();
		List<Service> services = graph.getNodes().stream().map((node) -> Service.of(node, start, end)).toList();
		return new ServiceGraphResponse(window.start(), window.end(), services, false);
	}

	/**
	 * A node of the graph.
	 *
	 * @param referenceId the id edges refer to
	 * @param name the name
	 * @param names the names
	 * @param type the type, if known
	 * @param root whether clients call it directly
	 * @param state always {@code active}
	 * @param startTime the graph's earliest start
	 * @param endTime the graph's latest end
	 * @param edges the calls it makes
	 * @param summaryStatistics the statistics of its own work (none for the client node)
	 * @param durationHistogram always empty
	 * @param responseTimeHistogram always empty
	 */
	@XRayShape
	record Service(int referenceId, String name, List<String> names,
			@JsonInclude(Include.NON_NULL) @Nullable String type, boolean root, String state,
			@JsonInclude(Include.NON_NULL) @Nullable Double startTime,
			@JsonInclude(Include.NON_NULL) @Nullable Double endTime, List<Edge> edges,
			@JsonInclude(Include.NON_NULL) @Nullable Statistics summaryStatistics, List<Object> durationHistogram,
			List<Object> responseTimeHistogram) {

		static Service of(ServiceGraph.Node node, @Nullable Double startTime, @Nullable Double endTime) {
			Statistics statistics = ServiceGraph.CLIENT_TYPE.equals(node.getType()) ? null
					: Statistics.of(node.getStatistics());
			return new Service(node.getReferenceId(), node.getName(), List.of(node.getName()), node.getType(),
					node.isRoot(), "active", startTime, endTime, node.getEdges().stream().map(Edge::of).toList(),
					statistics, List.of(), List.of());
		}

	}

	/**
	 * Calls from one node to another.
	 *
	 * @param referenceId the called node's id
	 * @param summaryStatistics the statistics of the calls
	 * @param responseTimeHistogram always empty
	 * @param aliases always empty
	 */
	@XRayShape
	record Edge(int referenceId, Statistics summaryStatistics, List<Object> responseTimeHistogram,
			List<Object> aliases) {

		static Edge of(ServiceGraph.Edge edge) {
			return new Edge(edge.getReferenceId(), Statistics.of(edge.getStatistics()), List.of(), List.of());
		}

	}

	/**
	 * Request counts and total response time.
	 *
	 * @param okCount requests without error or fault
	 * @param errorStatistics requests with an error (4xx)
	 * @param faultStatistics requests with a fault (5xx)
	 * @param totalCount all requests
	 * @param totalResponseTime the sum of response times
	 */
	@XRayShape
	record Statistics(long okCount, ErrorStatistics errorStatistics, FaultStatistics faultStatistics, long totalCount,
			double totalResponseTime) {

		static Statistics of(ServiceGraph.Statistics statistics) {
			return new Statistics(statistics.getOkCount(),
					new ErrorStatistics(statistics.getThrottleCount(),
							statistics.getErrorCount() - statistics.getThrottleCount(), statistics.getErrorCount()),
					new FaultStatistics(statistics.getFaultCount(), statistics.getFaultCount()),
					statistics.getTotalCount(), Seconds.rounded(statistics.getTotalResponseTime()));
		}

	}

	/**
	 * Requests with an error.
	 *
	 * @param throttleCount throttled requests (429)
	 * @param otherCount other errors
	 * @param totalCount all errors
	 */
	@XRayShape
	record ErrorStatistics(long throttleCount, long otherCount, long totalCount) {
	}

	/**
	 * Requests with a fault.
	 *
	 * @param otherCount faults (the console tells no kinds apart)
	 * @param totalCount all faults
	 */
	@XRayShape
	record FaultStatistics(long otherCount, long totalCount) {
	}

}
