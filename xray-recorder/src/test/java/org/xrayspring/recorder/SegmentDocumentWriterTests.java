package org.xrayspring.recorder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.xrayspring.recorder.sampling.SamplingStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.parse;

class SegmentDocumentWriterTests {

	private static final int BUDGET = 64_000 - 33;

	private final XRayRecorder recorder = XRayRecorder.builder()
		.samplingStrategy(SamplingStrategy.always())
		.streamingThreshold(10_000)
		.build();

	@Test
	void smallSegmentIsOneDocument() {
		Segment segment = this.recorder.beginSegment("small");
		this.recorder.beginSubsegment("a").end();
		this.recorder.endSegment();
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		assertThat(result.documents()).hasSize(1);
		assertThat(result.documents().get(0)).isEqualTo(SegmentDocumentWriter.toJson(segment));
	}

	@Test
	void largeSegmentIsSplitIntoValidDocumentsThatReassembleToTheSameTree() {
		Segment segment = this.recorder.beginSegment("big");
		for (int i = 0; i < 60; i++) {
			Subsegment parent = this.recorder.beginSubsegment("parent-" + i);
			parent.putMetadata("payload", "x".repeat(2000));
			for (int j = 0; j < 3; j++) {
				Subsegment child = this.recorder.beginSubsegment("child-" + i + "-" + j);
				child.putMetadata("payload", "y".repeat(500));
				child.end();
			}
			parent.end();
		}
		this.recorder.endSegment();
		String full = SegmentDocumentWriter.toJson(segment);
		assertThat(SegmentDocumentWriter.utf8Length(full)).isGreaterThan(200_000);

		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		assertThat(result.dropped()).isZero();
		assertThat(result.trimmed()).isZero();
		assertThat(result.documents()).hasSizeGreaterThan(3);
		for (String document : result.documents()) {
			assertThat(SegmentDocumentWriter.utf8Length(document)).isLessThanOrEqualTo(BUDGET);
			assertValidDocument(document);
		}
		assertThat(reassemble(result.documents())).isEqualTo(normalize(parse(full)));
	}

	@Test
	void singleOversizedSubsegmentIsTrimmedMetadataFirstAndMarked() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment huge = this.recorder.beginSubsegment("huge");
		for (int i = 0; i < 10; i++) {
			huge.putMetadata("blob", "z" + i, "z".repeat(Entity.MAX_METADATA_STRING_LENGTH));
		}
		huge.putAnnotation("kept", "yes");
		huge.addException(new IllegalStateException("kept"));
		huge.end();
		this.recorder.endSegment();
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		assertThat(result.trimmed()).isEqualTo(1);
		assertThat(result.dropped()).isZero();
		assertThat(result.documents()).hasSize(2);
		JsonNode independent = assertValidDocument(result.documents().get(0));
		assertThat(independent.path("type").asString()).isEqualTo("subsegment");
		assertThat(independent.path("metadata").path("blob").isMissingNode()).isTrue();
		assertThat(independent.path("metadata").path("xray").path("trimmed").get(0).asString()).isEqualTo("metadata");
		assertThat(independent.path("annotations").path("kept").asString()).isEqualTo("yes");
		assertThat(independent.path("cause").path("exceptions").get(0).path("stack").size()).isPositive();
		JsonNode parent = assertValidDocument(result.documents().get(1));
		assertThat(parent.has("subsegments")).isFalse();
	}

	@Test
	void stackFramesAreTrimmedWhenMetadataIsNotEnough() {
		Segment segment = this.recorder.beginSegment("svc");
		for (int i = 0; i < 400; i++) {
			segment.addException(longMessage(i));
		}
		this.recorder.endSegment();
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		assertThat(result.documents()).hasSize(1);
		JsonNode document = assertValidDocument(result.documents().get(0));
		assertThat(document.path("metadata").path("xray").path("trimmed").toString()).contains("stack");
		assertThat(document.path("cause").path("exceptions").get(0).has("stack")).isFalse();
		assertThat(document.path("cause").path("exceptions").get(0).path("truncated").asInt()).isPositive();
	}

	@Test
	void queryIsTrimmedAfterStackFramesAndMessagesAfterTheQuery() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment query = this.recorder.beginSubsegment("db@host");
		query.putSql("url", "jdbc:h2:mem:test");
		// each character takes six bytes escaped: the query alone is nearly the whole
		// budget
		query.putSql("sanitized_query", "\u0001".repeat(Subsegment.MAX_SQL_QUERY_LENGTH));
		query.addException(new IllegalStateException("\u0001".repeat(Entity.MAX_EXCEPTION_MESSAGE_LENGTH)));
		query.putAnnotation("kept", "yes");
		query.end();
		this.recorder.endSegment();
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		assertThat(result.dropped()).isZero();
		JsonNode document = assertValidDocument(result.documents().get(0));
		assertThat(document.path("metadata").path("xray").path("trimmed").toString()).isEqualTo("[\"stack\",\"sql\"]");
		assertThat(document.path("sql").path("url").asString()).isEqualTo("jdbc:h2:mem:test");
		assertThat(document.path("sql").has("sanitized_query")).isFalse();
		assertThat(document.path("cause").path("exceptions").get(0).path("message").asString())
			.hasSize(Entity.MAX_EXCEPTION_MESSAGE_LENGTH);
		assertThat(document.path("annotations").path("kept").asString()).isEqualTo("yes");
	}

	@Test
	void exceptionMessagesAreTrimmedBeforeAnnotations() {
		Segment segment = this.recorder.beginSegment("svc");
		for (int i = 0; i < 10; i++) {
			segment.addException(new IllegalStateException("\u0001".repeat(Entity.MAX_EXCEPTION_MESSAGE_LENGTH)));
		}
		segment.putAnnotation("kept", "yes");
		this.recorder.endSegment();
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		assertThat(result.dropped()).isZero();
		JsonNode document = assertValidDocument(result.documents().get(0));
		assertThat(document.path("metadata").path("xray").path("trimmed").toString())
			.isEqualTo("[\"stack\",\"messages\"]");
		assertThat(document.path("cause").path("exceptions")).hasSize(10);
		assertThat(document.path("cause").path("exceptions").get(0).has("message")).isFalse();
		assertThat(document.path("cause").path("exceptions").get(0).path("type").asString())
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(document.path("annotations").path("kept").asString()).isEqualTo("yes");
	}

	@Test
	void exceptionsRecordedOnOneEntityAreBounded() {
		Segment segment = this.recorder.beginSegment("svc");
		for (int i = 0; i < 1000; i++) {
			segment.addException(new IllegalStateException("failure " + i));
		}
		this.recorder.endSegment();
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		JsonNode document = assertValidDocument(result.documents().get(0));
		assertThat(document.path("cause").path("exceptions")).hasSize(Entity.MAX_EXCEPTIONS);
	}

	@Test
	void documentThatCannotFitIsCountedAsDropped() {
		Segment segment = this.recorder.beginSegment("svc");
		for (int i = 0; i < 1000; i++) {
			segment.putAws("field_" + i, "m".repeat(Entity.MAX_STRING_LENGTH));
		}
		this.recorder.endSegment();
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.split(segment, BUDGET);
		assertThat(result.documents()).isEmpty();
		assertThat(result.dropped()).isEqualTo(1);
	}

	private static RuntimeException longMessage(int i) {
		return new RuntimeException("failure " + i);
	}

	@Test
	void utf8Length() {
		assertThat(SegmentDocumentWriter.utf8Length("a\u00e9\u65e5\uD83D\uDE00")).isEqualTo(1 + 2 + 3 + 4);
	}

	/**
	 * Rebuilds one tree from a segment document and independent subsegment documents.
	 */
	private static JsonNode reassemble(List<String> documents) {
		Map<String, ObjectNode> byId = new HashMap<>();
		List<ObjectNode> independents = new ArrayList<>();
		ObjectNode root = null;
		for (String document : documents) {
			ObjectNode node = (ObjectNode) parse(document);
			index(node, byId);
			if (node.has("type")) {
				independents.add(node);
			}
			else {
				root = node;
			}
		}
		for (ObjectNode independent : independents) {
			ObjectNode parent = byId.get(independent.path("parent_id").asString());
			assertThat(parent).as("parent of " + independent.path("name").asString()).isNotNull();
			independent.remove(List.of("type", "trace_id", "parent_id"));
			ArrayNode children = parent.has("subsegments") ? (ArrayNode) parent.get("subsegments")
					: parent.putArray("subsegments");
			children.add(independent);
		}
		return normalize(root);
	}

	private static void index(ObjectNode node, Map<String, ObjectNode> byId) {
		byId.put(node.path("id").asString(), node);
		for (JsonNode child : node.path("subsegments")) {
			index((ObjectNode) child, byId);
		}
	}

	/** Sorts subsegments by id so that the order of arrival does not matter. */
	private static JsonNode normalize(JsonNode node) {
		ObjectNode copy = ((ObjectNode) node).deepCopy();
		if (copy.has("subsegments")) {
			List<JsonNode> children = new ArrayList<>();
			copy.get("subsegments").forEach((child) -> children.add(normalize(child)));
			children.sort((a, b) -> a.path("id").asString().compareTo(b.path("id").asString()));
			ArrayNode sorted = copy.putArray("subsegments");
			children.forEach(sorted::add);
		}
		return copy;
	}

}
