package org.xrayspring.console.api;

import java.util.ArrayList;
import java.util.List;

import org.xrayspring.console.assembly.ServiceGraph;
import org.xrayspring.console.assembly.TraceAnalysis;
import org.xrayspring.console.store.StoredTrace;
import org.xrayspring.console.store.TraceStore;
import tools.jackson.databind.JsonNode;

/**
 * The service graph operation: GetServiceGraph, over the traces that start in the
 * requested window.
 *
 * @author xray-spring-boot
 */
final class ServiceGraphHandler {

	private final TraceStore store;

	ServiceGraphHandler(TraceStore store) {
		this.store = store;
	}

	ServiceGraphResponse getServiceGraph(JsonNode body) {
		TimeWindow window = TimeWindow.of(body);
		List<TraceAnalysis> traces = new ArrayList<>();
		for (StoredTrace trace : this.store.getTraces()) {
			if (window.contains(trace.getStartTime())) {
				traces.add(TraceAnalysis.of(trace));
			}
		}
		return ServiceGraphResponse.of(window, ServiceGraph.of(traces));
	}

}
