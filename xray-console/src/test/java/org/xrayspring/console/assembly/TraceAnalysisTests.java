package org.xrayspring.console.assembly;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xrayspring.console.store.StoredTrace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.xrayspring.console.assembly.Traces.embedded;
import static org.xrayspring.console.assembly.Traces.segment;
import static org.xrayspring.console.assembly.Traces.subsegment;

/**
 * Tests for {@link TraceAnalysis}.
 *
 * @author xray-spring-boot
 */
class TraceAnalysisTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@Test
	void embeddedSubsegmentsBelongToTheirSegmentInStartOrder() {
		TraceAnalysis trace = TraceAnalysis.of(Traces.of(segment("a000000000000001", "front", 0, 1,
				"\"subsegments\":[" + embedded("a000000000000003", "late", 0.5, 0.6, "") + ","
						+ embedded("a000000000000002", "early", 0.1, 0.2,
								"\"subsegments\":[" + embedded("a000000000000004", "inner", 0.1, 0.15, "") + "]")
						+ "]")));
		TraceNode front = trace.getNode("a000000000000001");
		assertThat(trace.getNodes()).hasSize(4).allSatisfy((node) -> assertThat(node.getService()).isSameAs(front));
		assertThat(front.getChildren()).extracting(TraceNode::getName).containsExactly("early", "late");
		assertThat(trace.getNode("a000000000000004").getParentId()).isEqualTo("a000000000000002");
		assertThat(trace.getSegments()).containsExactly(front);
	}

	@Test
	void independentSubsegmentsHangOffTheirParentsInAnyArrivalOrder() {
		// The grandchild starts first, so it is assembled before the subsegment it
		// belongs to.
		TraceAnalysis trace = TraceAnalysis.of(Traces.of(
				segment("a000000000000001", "front", 0, 1,
						"\"subsegments\":[" + embedded("a000000000000002", "work", 0.1, 0.9, "") + "]"),
				subsegment("b000000000000001", "a000000000000002", "child", 0.3, 0.8, ""),
				subsegment("b000000000000002", "b000000000000001", "grandchild", 0.2, 0.4, "")));
		TraceNode front = trace.getNode("a000000000000001");
		TraceNode child = trace.getNode("b000000000000001");
		assertThat(trace.getNode("a000000000000002").getChildren()).containsExactly(child);
		assertThat(child.getChildren()).extracting(TraceNode::getName).containsExactly("grandchild");
		assertThat(child.getService()).isSameAs(front);
		assertThat(trace.getNode("b000000000000002").getService()).isSameAs(front);
	}

	@Test
	void rootIsTheEarliestSegmentWithoutACallerInTheTrace() {
		TraceAnalysis trace = TraceAnalysis
			.of(Traces.of(segment("b000000000000001", "back", 0.1, 0.2, "\"parent_id\":\"a000000000000002\""),
					segment("a000000000000001", "front", 0.05, 1, "\"parent_id\":\"f00000000000000f\",\"subsegments\":["
							+ embedded("a000000000000002", "back", 0.09, 0.3, "\"namespace\":\"remote\"") + "]"),
					segment("c000000000000001", "later", 2, 3, "")));
		assertThat(trace.getRoot()).isSameAs(trace.getNode("a000000000000001"));
		assertThat(trace.getSegments()).extracting(TraceNode::getName).containsExactly("front", "back", "later");
		assertThat(trace.isPartial()).isFalse();
	}

	@Test
	void traceOfSubsegmentsOnlyHasNoRootAndIsPartial() {
		TraceAnalysis trace = TraceAnalysis.of(Traces
			.of(subsegment("b000000000000001", "a000000000000009", "lost", 0.1, 0.2, "\"namespace\":\"aws\"")));
		assertThat(trace.getRoot()).isNull();
		assertThat(trace.isPartial()).isTrue();
		assertThat(trace.getResponseTime()).isZero();
		assertThat(trace.getNode("b000000000000001").getService()).isNull();
		assertThat(trace.getServiceNames()).containsExactly("lost");
	}

	@Test
	void timesSpanEveryNodeAndResponseTimeIsTheRootsDuration() {
		TraceAnalysis trace = TraceAnalysis.of(Traces.of(
				segment("a000000000000001", "front", 0.5, 1.5,
						"\"subsegments\":[" + embedded("a000000000000002", "async", 1, 2.75, "") + "]"),
				segment("b000000000000001", "back", 0.25, 0.5, "\"parent_id\":\"a000000000000002\"")));
		assertThat(trace.getStartTime()).isCloseTo(1_700_000_000.25, within(1e-6));
		assertThat(trace.getEndTime()).isCloseTo(1_700_000_002.75, within(1e-6));
		assertThat(trace.getDuration()).isCloseTo(2.5, within(1e-6));
		assertThat(trace.getResponseTime()).isCloseTo(1.0, within(1e-6));
	}

	@Test
	void nodeInProgressCountsItsStartAndMakesTheTracePartial() {
		TraceAnalysis trace = TraceAnalysis.of(Traces.of(segment("a000000000000001", "front", 0, 1,
				"\"subsegments\":[" + "{\"id\":\"a000000000000002\",\"name\":\"slow\",\"start_time\":1700000003.0,"
						+ "\"in_progress\":true}]")));
		assertThat(trace.isPartial()).isTrue();
		assertThat(trace.getEndTime()).isCloseTo(1_700_000_003.0, within(1e-6));
		assertThat(trace.getResponseTime()).isCloseTo(1.0, within(1e-6));
		TraceAnalysis running = TraceAnalysis.of(Traces.of("{\"trace_id\":\"" + Traces.TRACE_ID
				+ "\",\"id\":\"a000000000000001\",\"name\":\"front\",\"start_time\":1700000000.5,"
				+ "\"in_progress\":true}"));
		assertThat(running.getResponseTime()).isZero();
		assertThat(running.getDuration()).isZero();
	}

	@Test
	void outcomesAreThoseOfSegmentsNotOfTheirSubsegments() {
		TraceAnalysis quiet = TraceAnalysis.of(Traces.of(segment("a000000000000001", "front", 0, 1, "\"subsegments\":["
				+ embedded("a000000000000002", "db", 0.1, 0.2, "\"fault\":true,\"throttle\":true") + "]")));
		assertThat(quiet.hasFault()).isFalse();
		assertThat(quiet.hasThrottle()).isFalse();
		TraceAnalysis failing = TraceAnalysis.of(Traces.of(segment("a000000000000001", "front", 0, 1, ""),
				segment("b000000000000001", "back", 0.1, 0.2, "\"error\":true,\"throttle\":true")));
		assertThat(failing.hasFault()).isFalse();
		assertThat(failing.hasError()).isTrue();
		assertThat(failing.hasThrottle()).isTrue();
	}

	@Test
	void serviceNamesAreSegmentsAndTheResourcesTheyCallThatSendNoSegments() {
		TraceAnalysis trace = TraceAnalysis.of(
				Traces.of(
						segment("a000000000000001", "front", 0, 1,
								"\"subsegments\":["
										+ embedded("a000000000000002", "back-call", 0.1, 0.5,
												"\"namespace\":\"remote\"")
										+ ","
										+ embedded("a000000000000003", "DynamoDB", 0.5, 0.6, "\"namespace\":\"aws\"")
										+ "," + embedded("a000000000000004", "local-work", 0.6, 0.7, "") + "]"),
						segment("b000000000000001", "back", 0.2, 0.4, "\"parent_id\":\"a000000000000002\"")));
		assertThat(trace.getServiceNames()).containsExactly("front", "back", "DynamoDB");
		assertThat(trace.callsKnownSegment(trace.getNode("a000000000000002"))).isTrue();
		assertThat(trace.callsKnownSegment(trace.getNode("a000000000000003"))).isFalse();
	}

	@Test
	void annotationsAreCollectedByKeyWithTheRecordingService() {
		TraceAnalysis trace = TraceAnalysis.of(
				Traces.of(
						segment("a000000000000001", "front", 0, 1,
								"\"annotations\":{\"customer\":\"alice\",\"tier\":3,\"none\":null},"
										+ "\"subsegments\":["
										+ embedded("a000000000000002", "call", 0.1, 0.5,
												"\"annotations\":{\"vip\":true}")
										+ "]"),
						segment("b000000000000001", "back", 0.2, 0.4,
								"\"parent_id\":\"a000000000000002\",\"annotations\":{\"customer\":\"bob\"}"),
						subsegment("c000000000000001", "f00000000000000f", "lost", 0.3, 0.4,
								"\"annotations\":{\"customer\":\"carol\"}")));
		Map<String, List<TraceAnalysis.AnnotationValue>> annotations = trace.getAnnotations();
		assertThat(annotations).containsOnlyKeys("customer", "tier", "vip");
		assertThat(annotations.get("customer"))
			.extracting((value) -> value.value().asString(), TraceAnalysis.AnnotationValue::serviceName)
			.containsExactly(tuple("alice", "front"), tuple("bob", "back"), tuple("carol", null));
		assertThat(annotations.get("tier").get(0).value().intValue()).isEqualTo(3);
		assertThat(annotations.get("vip").get(0).serviceName()).isEqualTo("front");
	}

	@Test
	void usersAreThoseSegmentsNameOnce() {
		TraceAnalysis trace = TraceAnalysis
			.of(Traces.of(segment("a000000000000001", "front", 0, 1, "\"user\":\"alice\""),
					segment("b000000000000001", "back", 0.2, 0.4, "\"user\":\"alice\""),
					segment("c000000000000001", "other", 0.3, 0.4, "\"user\":\"bob\""),
					segment("d000000000000001", "anonymous", 0.5, 0.6, "")));
		assertThat(trace.getUsers()).containsExactly("alice", "bob");
	}

	@Test
	void mergedDocumentsCarryIndependentSubsegmentsAndKeepUntouchedTextsAsSent() {
		String front = "{\"trace_id\":\"" + Traces.TRACE_ID + "\", \"id\":\"a000000000000001\", \"name\":\"front\", "
				+ "\"start_time\":1.7e9, \"end_time\":1.7000000001E9}";
		String back = segment("b000000000000001", "back", 0.1, 0.5,
				"\"subsegments\":[" + embedded("b000000000000002", "work", 0.2, 0.3, "") + "]");
		StoredTrace stored = Traces.of(front, back,
				subsegment("c000000000000001", "b000000000000002", "async", 0.25, 0.4, ""),
				subsegment("c000000000000002", "f00000000000000f", "orphan", 0.3, 0.4, ""));
		List<Map.Entry<String, String>> merged = TraceAnalysis.of(stored).getMergedDocuments();
		assertThat(merged).extracting(Map.Entry::getKey)
			.containsExactly("a000000000000001", "b000000000000001", "c000000000000002");
		assertThat(merged.get(0).getValue()).isEqualTo(front);
		JsonNode backTree = MAPPER.readTree(merged.get(1).getValue());
		assertThat(backTree.path("subsegments").get(0).path("subsegments").get(0).path("id").stringValue())
			.isEqualTo("c000000000000001");
		assertThat(MAPPER.readTree(merged.get(2).getValue()).path("name").stringValue()).isEqualTo("orphan");
		// Merging works on copies: the stored document is unchanged, and merging again
		// gives the same result.
		assertThat(stored.getDocuments()).filteredOn((document) -> document.getId().equals("b000000000000001"))
			.singleElement()
			.satisfies((document) -> {
				assertThat(document.getText()).isEqualTo(back);
				assertThat(document.getTree().path("subsegments").get(0).has("subsegments")).isFalse();
			});
		assertThat(MAPPER.readTree(TraceAnalysis.of(stored).getMergedDocuments().get(1).getValue()))
			.isEqualTo(backTree);
	}

	@Test
	void mergingStopsAtTheDepthLimitAndReturnsDeeperSubsegmentsSeparately() {
		List<String> documents = new ArrayList<>();
		documents.add(segment("a000000000000000", "front", 0, 1, ""));
		String parent = "a000000000000000";
		int chain = TraceAnalysis.MAX_MERGED_DEPTH + 5;
		for (int i = 1; i <= chain; i++) {
			String id = String.format("b%015x", i);
			documents.add(subsegment(id, parent, "s" + i, 0.001 * i, 1, ""));
			parent = id;
		}
		List<Map.Entry<String, String>> merged = TraceAnalysis.of(Traces.of(documents.toArray(String[]::new)))
			.getMergedDocuments();
		JsonNode front = MAPPER.readTree(merged.get(0).getValue());
		assertThat(depth(front)).isEqualTo(TraceAnalysis.MAX_MERGED_DEPTH);
		assertThat(merged).hasSize(1 + chain - TraceAnalysis.MAX_MERGED_DEPTH);
		assertThat(merged.stream().mapToInt((entry) -> count(MAPPER.readTree(entry.getValue()))).sum())
			.isEqualTo(1 + chain);
	}

	@Test
	void subsegmentsThatAreEachOthersParentsAreReturnedWithoutLooping() {
		TraceAnalysis trace = TraceAnalysis
			.of(Traces.of(subsegment("b000000000000001", "b000000000000002", "a", 0.1, 0.2, ""),
					subsegment("b000000000000002", "b000000000000001", "b", 0.1, 0.2, "")));
		assertThat(trace.getMergedDocuments()).extracting(Map.Entry::getKey)
			.containsExactlyInAnyOrder("b000000000000001", "b000000000000002");
		assertThat(trace.getNode("b000000000000001").getService()).isNull();
	}

	private static int depth(JsonNode node) {
		int depth = 0;
		for (JsonNode child : node.path("subsegments")) {
			depth = Math.max(depth, 1 + depth(child));
		}
		return depth;
	}

	private static int count(JsonNode node) {
		int count = 1;
		for (JsonNode child : node.path("subsegments")) {
			count += count(child);
		}
		return count;
	}

}
