package org.xrayspring.recorder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

/**
 * A facade for a segment another process owns (AWS Lambda's function segment): never
 * emitted, its children sent as independent subsegments, sampled as the header says.
 */
class FacadeSegmentTests {

	private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

	private static final String PARENT = "53995c3f42cd8ad8";

	private final RecordingEmitter emitter = new RecordingEmitter();

	private final XRayRecorder recorder = XRayRecorder.builder().emitter(this.emitter).samplingStrategy((request) -> {
		throw new AssertionError("a facade's sampling decision is the header's");
	}).inProgressTimeout(java.time.Duration.ZERO).build();

	@AfterEach
	void close() {
		this.recorder.clearContext();
		this.recorder.close();
	}

	@Test
	void childrenAreSentAsIndependentSubsegmentsOfTheHeadersParentAndTheFacadeNever() {
		Segment facade = this.recorder.beginFacadeSegment(header("1"));
		assertThat(facade.isFacade()).isTrue();
		assertThat(facade.getId()).isEqualTo(PARENT);
		assertThat(this.recorder.getCurrentEntity()).isSameAs(facade);
		Subsegment request = this.recorder.beginSubsegment("orders");
		request.putHttpRequest("method", "GET");
		Subsegment query = this.recorder.beginSubsegment("db");
		query.end();
		assertThat(this.emitter.documents).isEmpty();
		request.end();
		Subsegment second = this.recorder.beginSubsegment(facade, "second");
		second.end();
		facade.end();
		assertThat(this.emitter.segments).isEmpty();
		assertThat(this.emitter.documents).hasSize(2);
		JsonNode first = assertValidDocument(this.emitter.documents.get(0));
		assertThat(first.path("type").asString()).isEqualTo("subsegment");
		assertThat(first.path("id").asString()).isEqualTo(request.getId());
		assertThat(first.path("parent_id").asString()).isEqualTo(PARENT);
		assertThat(first.path("trace_id").asString()).isEqualTo(ROOT);
		assertThat(first.path("http").path("request").path("method").asString()).isEqualTo("GET");
		assertThat(first.path("subsegments").get(0).path("id").asString()).isEqualTo(query.getId());
		JsonNode other = assertValidDocument(this.emitter.documents.get(1));
		assertThat(other.path("parent_id").asString()).isEqualTo(PARENT);
		assertThat(other.path("trace_id").asString()).isEqualTo(ROOT);
		assertThat(this.recorder.counters()).containsEntry("subsegments.late", 0L);
	}

	@Test
	void downstreamHeaderCarriesTheTraceAndTheSubsegmentAsParent() {
		this.recorder.beginFacadeSegment(header("1"));
		Subsegment call = this.recorder.beginSubsegment("call");
		assertThat(call.traceHeader().format()).contains("Root=" + ROOT)
			.contains("Parent=" + call.getId())
			.contains("Sampled=1");
		call.end();
	}

	@Test
	void notSampledSendsNothing() {
		Segment facade = this.recorder.beginFacadeSegment(header("0"));
		assertThat(facade.isSampled()).isFalse();
		this.recorder.beginSubsegment("orders");
		this.recorder.beginSubsegment("db").end();
		this.recorder.endSubsegment();
		facade.end();
		assertThat(this.emitter.documents).isEmpty();
	}

	@Test
	void headerWithoutParentGivesNoFacade() {
		assertThat(this.recorder.beginFacadeSegment(TraceHeader.parse("Root=" + ROOT + ";Sampled=1"))).isNull();
		assertThat(this.recorder.beginFacadeSegment(TraceHeader.parse(null))).isNull();
		assertThat(this.recorder.beginFacadeSegment(null)).isNull();
		assertThat(this.recorder.getCurrentEntity()).isNull();
	}

	private static TraceHeader header(String sampled) {
		return TraceHeader.parse("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=" + sampled);
	}

}
