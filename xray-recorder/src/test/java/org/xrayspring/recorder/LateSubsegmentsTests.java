package org.xrayspring.recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.emitter.DaemonAddress;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.testing.FakeDaemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

/**
 * Subsegments begun under an entity whose document was already handed to the emitter (the
 * segment sent complete, or the parent streamed early): each is sent once as an
 * independent subsegment, and no segment is ever sent complete twice. Over real UDP to a
 * {@link FakeDaemon}.
 */
class LateSubsegmentsTests {

	private static final long SECOND = 1_000_000L;

	private final FakeDaemon daemon = new FakeDaemon();

	private final UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()));

	private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);

	private final XRayRecorder recorder = recorder(100);

	private XRayRecorder recorder(int streamingThreshold) {
		XRayRecorder.Builder builder = XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(SamplingStrategy.always())
			.clock(() -> this.clock.addAndGet(10))
			.streamingThreshold(streamingThreshold)
			.inProgressTimeout(Duration.ofSeconds(30));
		builder.scheduleInProgressChecks = false;
		return builder.build();
	}

	@AfterEach
	void close() {
		this.recorder.clearContext();
		this.recorder.close();
		this.daemon.close();
	}

	@Test
	void subsegmentBegunAfterItsSegmentWasSentIsSentAloneAndTheSegmentOnlyOnce() {
		Segment segment = this.recorder.beginSegment("svc");
		this.recorder.beginSubsegment("in-time").end();
		this.recorder.endSegment();
		Subsegment late = this.recorder.beginSubsegment(segment, "late");
		late.putAnnotation("kept", true);
		Subsegment lateChild = this.recorder.beginSubsegment("late-child");
		late.end();
		lateChild.end();
		this.recorder.clearContext();
		List<JsonNode> documents = received();
		assertThat(completeDocumentsOf(documents, segment)).hasSize(1);
		assertThat(completeDocumentsOf(documents, segment).get(0).path("subsegments")).hasSize(1);
		JsonNode independent = documentOf(documents, late);
		assertThat(independent.path("type").asString()).isEqualTo("subsegment");
		assertThat(independent.path("parent_id").asString()).isEqualTo(segment.getId());
		assertThat(independent.path("trace_id").asString()).isEqualTo(segment.getTraceId());
		assertThat(independent.path("annotations").path("kept").asBoolean()).isTrue();
		assertThat(independent.path("subsegments").get(0).path("id").asString()).isEqualTo(lateChild.getId());
		assertThat(documents).hasSize(2);
		assertThat(this.recorder.counters()).containsEntry("segments.completed", 1L)
			.containsEntry("subsegments.late", 1L);
	}

	@Test
	void subsegmentBegunUnderAnEndedSubsegmentAfterTheSegmentWasSentNamesThatSubsegmentAsParent() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment ended = this.recorder.beginSubsegment("ended");
		ended.end();
		this.recorder.endSegment();
		Subsegment late = this.recorder.beginSubsegment(ended, "late");
		this.recorder.clearContext();
		late.end();
		List<JsonNode> documents = received();
		assertThat(completeDocumentsOf(documents, segment)).hasSize(1);
		assertThat(documentOf(documents, late).path("parent_id").asString()).isEqualTo(ended.getId());
		assertThat(documents).hasSize(2);
	}

	@Test
	void subsegmentBegunAfterTheInProgressAndTheCompleteDocumentsIsSentAlone() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment open = this.recorder.beginSubsegment("open");
		this.recorder.clearContext();
		segment.end();
		this.clock.addAndGet(31 * SECOND);
		this.recorder.checkInProgress();
		// written by the sender thread while "open" is still open
		assertThat(this.emitter.flush(5000)).isTrue();
		// begun after the in-progress document and before the complete one: part of the
		// complete one
		Subsegment afterInProgress = this.recorder.beginSubsegment(segment, "after-in-progress");
		afterInProgress.end();
		open.end();
		Subsegment late = this.recorder.beginSubsegment(open, "late");
		late.end();
		this.recorder.clearContext();
		List<JsonNode> documents = received();
		List<JsonNode> ofSegment = documents.stream()
			.filter((document) -> document.path("id").asString().equals(segment.getId()))
			.toList();
		assertThat(ofSegment).hasSize(2);
		assertThat(isComplete(ofSegment.get(0))).as("the in-progress document comes first").isFalse();
		assertThat(completeDocumentsOf(documents, segment)).hasSize(1);
		assertThat(completeDocumentsOf(documents, segment).get(0).path("subsegments")).hasSize(2);
		assertThat(documentOf(documents, late).path("parent_id").asString()).isEqualTo(open.getId());
		assertThat(documents).hasSize(3);
		assertThat(this.recorder.counters()).containsEntry("segments.in_progress_sent", 1L)
			.containsEntry("segments.completed", 1L)
			.containsEntry("subsegments.late", 1L);
	}

	@Test
	void inProgressDocumentOfASegmentThatCompletedBeforeItWasWrittenIsNotSent() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment open = this.recorder.beginSubsegment("open");
		this.recorder.clearContext();
		segment.end();
		open.end();
		// the order the sender thread meets them in when the last subsegment ends just
		// after the timeout: an
		// in-progress document written now would be a second complete one
		this.emitter.sendInProgressSegment(segment);
		List<JsonNode> documents = received();
		assertThat(completeDocumentsOf(documents, segment)).hasSize(1);
		assertThat(documents).hasSize(1);
		assertThat(this.emitter.counters()).containsEntry("in_progress.superseded", 1L);
	}

	@Test
	void childBegunUnderASubsegmentThatWasStreamedEarlyIsSentAlone() {
		XRayRecorder streaming = recorder(1);
		Segment segment = streaming.beginSegment("svc");
		Subsegment first = streaming.beginSubsegment("first");
		first.end();
		Subsegment second = streaming.beginSubsegment("second");
		second.end();
		// the threshold of one streamed both; a child begun under one of them now is not
		// in any document yet
		Subsegment late = streaming.beginSubsegment(first, "late");
		late.end();
		streaming.endSegment();
		List<JsonNode> documents = received();
		assertThat(completeDocumentsOf(documents, segment)).hasSize(1);
		assertThat(documentOf(documents, first).path("parent_id").asString()).isEqualTo(segment.getId());
		assertThat(documentOf(documents, second).path("parent_id").asString()).isEqualTo(segment.getId());
		assertThat(documentOf(documents, late).path("parent_id").asString()).isEqualTo(first.getId());
		assertThat(documents).hasSize(4);
	}

	@Test
	void lateSubsegmentsOfUnsampledSegmentsAreNotSent() {
		XRayRecorder unsampled = XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(SamplingStrategy.never())
			.build();
		Segment segment = unsampled.beginSegment("svc");
		unsampled.endSegment();
		unsampled.beginSubsegment(segment, "late").end();
		unsampled.clearContext();
		assertThat(received()).isEmpty();
		assertThat(unsampled.counters()).containsEntry("segments.completed", 1L);
	}

	@Test
	void subsegmentsRacingTheEndOfTheirSegmentAreEachSentOnceAndTheSegmentOnce() throws Exception {
		RecordingEmitter recording = new RecordingEmitter();
		XRayRecorder racing = XRayRecorder.builder()
			.emitter(recording)
			.samplingStrategy(SamplingStrategy.always())
			.inProgressTimeout(Duration.ZERO)
			.build();
		int threads = 4;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				recording.documents.clear();
				Segment segment = racing.beginSegment("svc");
				racing.clearContext();
				CyclicBarrier start = new CyclicBarrier(threads + 1);
				List<Future<String>> ids = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					ids.add(pool.submit(() -> {
						start.await();
						Subsegment subsegment = racing.beginSubsegment(segment, "racer");
						racing.clearContext();
						subsegment.end();
						return subsegment.getId();
					}));
				}
				start.await();
				segment.end();
				List<JsonNode> documents = new ArrayList<>();
				for (Future<String> id : ids) {
					id.get(10, TimeUnit.SECONDS);
				}
				for (String document : recording.documents) {
					documents.add(assertValidDocument(document));
				}
				assertThat(completeDocumentsOf(documents, segment)).hasSize(1);
				List<String> sent = new ArrayList<>();
				for (JsonNode document : documents) {
					if (document.path("id").asString().equals(segment.getId())) {
						document.path("subsegments").forEach((child) -> sent.add(child.path("id").asString()));
					}
					else {
						assertThat(document.path("parent_id").asString()).isEqualTo(segment.getId());
						sent.add(document.path("id").asString());
					}
				}
				List<String> begun = new ArrayList<>();
				for (Future<String> id : ids) {
					begun.add(id.get());
				}
				assertThat(sent).containsExactlyInAnyOrderElementsOf(begun);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * Every document the daemon received once the emitter has sent all it was given, each
	 * checked.
	 */
	private List<JsonNode> received() {
		assertThat(this.emitter.flush(5000)).isTrue();
		long sent = this.emitter.counters().get("documents.sent");
		assertThat(this.emitter.counters()).containsEntry("dropped.serialization_error", 0L);
		List<JsonNode> documents = new ArrayList<>();
		for (long i = 0; i < sent; i++) {
			documents.add(assertValidDocument(this.daemon.next(Duration.ofSeconds(5)).body()));
		}
		return documents;
	}

	private static List<JsonNode> completeDocumentsOf(List<JsonNode> documents, Segment segment) {
		return documents.stream()
			.filter((document) -> document.path("id").asString().equals(segment.getId()) && isComplete(document))
			.toList();
	}

	private static JsonNode documentOf(List<JsonNode> documents, Subsegment subsegment) {
		List<JsonNode> matching = documents.stream()
			.filter((document) -> document.path("id").asString().equals(subsegment.getId()))
			.toList();
		assertThat(matching).as("documents of %s", subsegment.getName()).hasSize(1);
		assertThat(matching.get(0).path("type").asString()).isEqualTo("subsegment");
		return matching.get(0);
	}

	/** Whether nothing in the document is {@code in_progress}. */
	private static boolean isComplete(JsonNode node) {
		if (node.path("in_progress").asBoolean(false)) {
			return false;
		}
		for (JsonNode child : node.path("subsegments")) {
			if (!isComplete(child)) {
				return false;
			}
		}
		return true;
	}

}
