package org.xrayspring.console.assembly;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.xrayspring.console.assembly.Traces.embedded;
import static org.xrayspring.console.assembly.Traces.segment;
import static org.xrayspring.console.assembly.Traces.subsegment;

/**
 * Tests for {@link ServiceGraph}.
 *
 * @author xray-spring-boot
 */
class ServiceGraphTests {

	@Test
	void emptyGraphHasNoNodesAndNoTimes() {
		ServiceGraph graph = ServiceGraph.of(List.of());
		assertThat(graph.getNodes()).isEmpty();
		assertThat(graph.getStartTime()).isNaN();
		assertThat(graph.getEndTime()).isNaN();
	}

	@Test
	void requestEnteringTheSystemComesFromTheClientNode() {
		ServiceGraph graph = graph(trace(segment("a000000000000001", "front", 0, 0.25, "")));
		assertThat(graph.getNodes()).extracting(ServiceGraph.Node::getName).containsExactly("front", "client");
		ServiceGraph.Node front = graph.getNodes().get(0);
		ServiceGraph.Node client = graph.getNodes().get(1);
		assertThat(front.isRoot()).isTrue();
		assertThat(front.getType()).isNull();
		assertThat(front.getEdges()).isEmpty();
		assertThat(front.getStatistics().getTotalCount()).isEqualTo(1);
		assertThat(front.getStatistics().getTotalResponseTime()).isCloseTo(0.25, within(1e-6));
		assertThat(client.getType()).isEqualTo(ServiceGraph.CLIENT_TYPE);
		assertThat(client.isRoot()).isFalse();
		assertThat(client.getStatistics().getTotalCount()).isZero();
		assertThat(client.getEdges()).singleElement().satisfies((edge) -> {
			assertThat(edge.getReferenceId()).isEqualTo(front.getReferenceId());
			assertThat(edge.getStatistics().getOkCount()).isEqualTo(1);
		});
	}

	@Test
	void referenceIdsAreListIndexesInOrderOfFirstAppearance() {
		ServiceGraph graph = graph(trace(segment("a000000000000001", "front", 0, 1, "\"subsegments\":["
				+ embedded("a000000000000002", "DynamoDB", 0.1, 0.2, "\"namespace\":\"aws\"") + "]")));
		List<ServiceGraph.Node> nodes = graph.getNodes();
		for (int i = 0; i < nodes.size(); i++) {
			assertThat(nodes.get(i).getReferenceId()).isEqualTo(i);
		}
		assertThat(nodes).extracting(ServiceGraph.Node::getName).containsExactly("front", "client", "DynamoDB");
	}

	@Test
	void callBetweenServicesIsAnEdgeCountedWithTheCallersView() {
		// front's call took 0.5 s and failed with a 5xx as front saw it; back itself
		// answered in 0.2 s.
		ServiceGraph graph = graph(trace(
				segment("a000000000000001", "front", 0, 1,
						"\"subsegments\":[" + embedded("a000000000000002", "back", 0.1, 0.6,
								"\"namespace\":\"remote\",\"fault\":true") + "]"),
				segment("b000000000000001", "back", 0.2, 0.4, "\"parent_id\":\"a000000000000002\"")));
		Map<String, ServiceGraph.Node> nodes = byName(graph);
		assertThat(nodes).containsOnlyKeys("front", "back", "client");
		assertThat(nodes.get("back").isRoot()).isFalse();
		assertThat(nodes.get("front").getEdges()).singleElement().satisfies((edge) -> {
			assertThat(edge.getReferenceId()).isEqualTo(nodes.get("back").getReferenceId());
			assertThat(edge.getStatistics().getFaultCount()).isEqualTo(1);
			assertThat(edge.getStatistics().getTotalResponseTime()).isCloseTo(0.5, within(1e-6));
		});
		assertThat(nodes.get("back").getStatistics().getOkCount()).isEqualTo(1);
		assertThat(nodes.get("back").getStatistics().getTotalResponseTime()).isCloseTo(0.2, within(1e-6));
	}

	@Test
	void callStillInProgressIsCountedWithTheCalledSegment() {
		ServiceGraph graph = graph(trace(
				segment("a000000000000001", "front", 0, 1,
						"\"subsegments\":[{\"id\":\"a000000000000002\",\"name\":\"back\",\"namespace\":\"remote\","
								+ "\"start_time\":1700000000.1,\"in_progress\":true}]"),
				segment("b000000000000001", "back", 0.2, 0.4, "\"parent_id\":\"a000000000000002\",\"error\":true")));
		Map<String, ServiceGraph.Node> nodes = byName(graph);
		assertThat(nodes.get("front").getEdges()).singleElement().satisfies((edge) -> {
			assertThat(edge.getStatistics().getErrorCount()).isEqualTo(1);
			assertThat(edge.getStatistics().getTotalResponseTime()).isCloseTo(0.2, within(1e-6));
		});
	}

	@Test
	void resourcesWithoutSegmentsAreInferredFromCallingSubsegments() {
		ServiceGraph graph = graph(trace(segment("a000000000000001", "front", 0, 1,
				"\"subsegments\":[" + embedded("a000000000000002", "DynamoDB", 0.1, 0.2, "\"namespace\":\"aws\"") + ","
						+ embedded("a000000000000003", "payments", 0.2, 0.3, "\"namespace\":\"remote\"") + ","
						+ embedded("a000000000000004", "orders@db", 0.3, 0.4,
								"\"sql\":{\"url\":\"jdbc:h2:mem:orders\"}")
						+ "," + embedded("a000000000000005", "local-work", 0.4, 0.5, "") + "]")));
		Map<String, ServiceGraph.Node> nodes = byName(graph);
		assertThat(nodes).containsOnlyKeys("front", "client", "DynamoDB", "payments", "orders@db");
		assertThat(nodes.get("DynamoDB").getType()).isEqualTo("AWS::DynamoDB");
		assertThat(nodes.get("payments").getType()).isEqualTo("remote");
		assertThat(nodes.get("orders@db").getType()).isEqualTo("Database::SQL");
		assertThat(nodes.get("front").getEdges())
			.extracting((edge) -> graph.getNodes().get(edge.getReferenceId()).getName())
			.containsExactly("DynamoDB", "payments", "orders@db");
		assertThat(nodes.get("DynamoDB").isRoot()).isFalse();
		assertThat(nodes.get("DynamoDB").getStatistics().getTotalResponseTime()).isCloseTo(0.1, within(1e-6));
	}

	@Test
	void independentSubsegmentCallsBelongToTheirSegmentAndOrphansToNobody() {
		ServiceGraph graph = graph(trace(segment("a000000000000001", "front", 0, 1, ""),
				subsegment("b000000000000001", "a000000000000001", "SQS", 0.1, 0.2, "\"namespace\":\"aws\""),
				subsegment("b000000000000002", "f00000000000000f", "S3", 0.1, 0.2, "\"namespace\":\"aws\"")));
		Map<String, ServiceGraph.Node> nodes = byName(graph);
		assertThat(nodes).containsOnlyKeys("front", "client", "SQS");
		assertThat(nodes.get("front").getEdges()).singleElement()
			.satisfies((edge) -> assertThat(edge.getReferenceId()).isEqualTo(nodes.get("SQS").getReferenceId()));
	}

	@Test
	void servicesAreToldApartByNameAndOrigin() {
		ServiceGraph graph = graph(
				trace(segment("a000000000000001", "front", 0, 1, "\"origin\":\"AWS::ECS::Container\"")),
				trace(segment("a000000000000002", "front", 2, 3, "")));
		assertThat(graph.getNodes()).extracting(ServiceGraph.Node::getName, ServiceGraph.Node::getType)
			.containsExactly(tuple("front", "AWS::ECS::Container"), tuple("client", ServiceGraph.CLIENT_TYPE),
					tuple("front", null));
	}

	@Test
	void outcomesAreCountedOnceEachWithFaultsFirstAndThrottlesAmongErrors() {
		ServiceGraph graph = graph(trace(segment("a000000000000001", "front", 0, 0.5, "")),
				trace(segment("a000000000000002", "front", 1, 1.5, "\"error\":true")),
				trace(segment("a000000000000003", "front", 2, 2.5, "\"throttle\":true")),
				trace(segment("a000000000000004", "front", 3, 3.5, "\"error\":true,\"throttle\":true")),
				trace(segment("a000000000000005", "front", 4, 4.5, "\"fault\":true,\"error\":true")),
				trace("{\"trace_id\":\"" + Traces.TRACE_ID + "\",\"id\":\"a000000000000006\",\"name\":\"front\","
						+ "\"start_time\":1700000005.0,\"in_progress\":true}"));
		ServiceGraph.Statistics statistics = byName(graph).get("front").getStatistics();
		assertThat(statistics.getTotalCount()).isEqualTo(6);
		assertThat(statistics.getOkCount()).isEqualTo(2);
		assertThat(statistics.getErrorCount()).isEqualTo(3);
		assertThat(statistics.getThrottleCount()).isEqualTo(2);
		assertThat(statistics.getFaultCount()).isEqualTo(1);
		// The request still in progress adds no response time.
		assertThat(statistics.getTotalResponseTime()).isCloseTo(2.5, within(1e-6));
		ServiceGraph.Statistics fromClients = byName(graph).get("client").getEdges().get(0).getStatistics();
		assertThat(fromClients.getTotalCount()).isEqualTo(6);
	}

	@Test
	void timesSpanAllSegmentsWithInProgressOnesCountingTheirStart() {
		ServiceGraph graph = graph(trace(segment("a000000000000001", "front", 1, 2, "")),
				trace("{\"trace_id\":\"" + Traces.TRACE_ID + "\",\"id\":\"a000000000000002\",\"name\":\"slow\","
						+ "\"start_time\":1700000005.0,\"in_progress\":true}"),
				trace(segment("a000000000000003", "early", 0.5, 0.75, "")));
		assertThat(graph.getStartTime()).isCloseTo(1_700_000_000.5, within(1e-6));
		assertThat(graph.getEndTime()).isCloseTo(1_700_000_005.0, within(1e-6));
	}

	private static TraceAnalysis trace(String... documents) {
		return TraceAnalysis.of(Traces.of(documents));
	}

	private static ServiceGraph graph(TraceAnalysis... traces) {
		return ServiceGraph.of(Arrays.asList(traces));
	}

	private static Map<String, ServiceGraph.Node> byName(ServiceGraph graph) {
		return graph.getNodes().stream().collect(Collectors.toMap(ServiceGraph.Node::getName, Function.identity()));
	}

}
