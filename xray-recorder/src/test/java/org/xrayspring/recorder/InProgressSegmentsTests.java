package org.xrayspring.recorder;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.sampling.SamplingStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

/**
 * Segments that end while subsegments are still open: sent once in progress after the
 * timeout, then complete. The clock is controlled and the scheduler thread is off; the
 * tests run the check themselves.
 */
class InProgressSegmentsTests {

	private static final long SECOND = 1_000_000L;

	private final RecordingEmitter emitter = new RecordingEmitter();

	private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);

	private XRayRecorder recorder = recorder(Duration.ofSeconds(30), SamplingStrategy.always());

	private XRayRecorder recorder(Duration timeout, SamplingStrategy sampling) {
		XRayRecorder.Builder builder = XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(sampling)
			.clock(this.clock::get)
			.inProgressTimeout(timeout);
		builder.scheduleInProgressChecks = false;
		return builder.build();
	}

	@AfterEach
	void close() {
		this.recorder.clearContext();
		this.recorder.close();
	}

	@Test
	void endedSegmentWithOpenSubsegmentIsSentInProgressOnceAfterTimeoutThenComplete() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment done = this.recorder.beginSubsegment("done");
		done.putAnnotation("kept", true);
		done.end();
		Subsegment open = this.recorder.beginSubsegment("open");
		open.putAnnotation("later", 1);
		Subsegment openChildDone = this.recorder.beginSubsegment("open-child");
		openChildDone.end();
		this.recorder.clearContext();
		this.clock.addAndGet(SECOND);
		segment.end();
		assertThat(this.recorder.watchedInProgress()).isEqualTo(1);
		this.clock.addAndGet(29 * SECOND);
		this.recorder.checkInProgress();
		assertThat(this.emitter.documents).as("not yet due").isEmpty();
		this.clock.addAndGet(SECOND);
		this.recorder.checkInProgress();
		assertThat(this.emitter.documents).hasSize(1);
		JsonNode inProgress = assertValidDocument(this.emitter.documents.get(0));
		assertThat(inProgress.path("id").asString()).isEqualTo(segment.getId());
		assertThat(inProgress.has("end_time")).isTrue();
		assertThat(inProgress.has("in_progress")).isFalse();
		JsonNode first = inProgress.path("subsegments").get(0);
		assertThat(first.path("name").asString()).isEqualTo("done");
		assertThat(first.has("end_time")).isTrue();
		assertThat(first.path("annotations").path("kept").asBoolean()).isTrue();
		JsonNode second = inProgress.path("subsegments").get(1);
		assertThat(second.path("id").asString()).isEqualTo(open.getId());
		assertThat(second.path("in_progress").asBoolean()).isTrue();
		assertThat(second.has("end_time")).isFalse();
		assertThat(second.has("annotations")).as("open entities are written without their mutable fields").isFalse();
		assertThat(second.path("subsegments").get(0).has("end_time")).isTrue();
		assertThat(this.recorder.watchedInProgress()).isZero();

		this.clock.addAndGet(60 * SECOND);
		this.recorder.checkInProgress();
		assertThat(this.emitter.documents).as("at most one in-progress document").hasSize(1);

		open.end();
		assertThat(this.emitter.documents).hasSize(2);
		JsonNode complete = assertValidDocument(this.emitter.documents.get(1));
		assertThat(complete.path("id").asString()).isEqualTo(segment.getId());
		assertThat(complete.path("subsegments").get(1).has("end_time")).isTrue();
		assertThat(complete.path("subsegments").get(1).path("annotations").path("later").asInt()).isEqualTo(1);
		assertThat(this.recorder.counters()).containsEntry("segments.in_progress_sent", 1L)
			.containsEntry("segments.completed", 1L);
	}

	@Test
	void segmentCompletingBeforeTheTimeoutIsOnlySentComplete() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment open = this.recorder.beginSubsegment("open");
		this.recorder.clearContext();
		segment.end();
		this.clock.addAndGet(10 * SECOND);
		open.end();
		this.clock.addAndGet(60 * SECOND);
		this.recorder.checkInProgress();
		assertThat(this.emitter.documents).hasSize(1);
		assertThat(assertValidDocument(this.emitter.documents.get(0)).path("subsegments").get(0).has("end_time"))
			.isTrue();
		assertThat(this.recorder.counters()).containsEntry("segments.in_progress_sent", 0L);
	}

	@Test
	void segmentWithoutOpenSubsegmentsIsNotWatched() {
		this.recorder.beginSegment("svc");
		this.recorder.endSegment();
		assertThat(this.recorder.watchedInProgress()).isZero();
		assertThat(this.emitter.documents).hasSize(1);
	}

	@Test
	void unsampledSegmentsAreNotWatched() {
		this.recorder = recorder(Duration.ofSeconds(30), SamplingStrategy.never());
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment open = this.recorder.beginSubsegment("open");
		this.recorder.clearContext();
		segment.end();
		assertThat(this.recorder.watchedInProgress()).isZero();
		this.clock.addAndGet(60 * SECOND);
		this.recorder.checkInProgress();
		open.end();
		assertThat(this.emitter.documents).isEmpty();
	}

	@Test
	void zeroTimeoutDisablesInProgressDocuments() {
		this.recorder = recorder(Duration.ZERO, SamplingStrategy.always());
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment open = this.recorder.beginSubsegment("open");
		this.recorder.clearContext();
		segment.end();
		this.clock.addAndGet(3600 * SECOND);
		this.recorder.checkInProgress();
		assertThat(this.emitter.documents).isEmpty();
		open.end();
		assertThat(this.emitter.documents).hasSize(1);
	}

	@Test
	void watchedSegmentsAreBoundedAndTheRestCounted() {
		int extra = 3;
		for (int i = 0; i < InProgressTracker.CAPACITY + extra; i++) {
			Segment segment = this.recorder.beginSegment("svc");
			this.recorder.beginSubsegment("open");
			this.recorder.clearContext();
			segment.end();
		}
		assertThat(this.recorder.watchedInProgress()).isEqualTo(InProgressTracker.CAPACITY);
		assertThat(this.recorder.counters()).containsEntry("segments.in_progress_untracked", (long) extra);
		this.clock.addAndGet(31 * SECOND);
		this.recorder.checkInProgress();
		assertThat(this.recorder.watchedInProgress()).isZero();
		assertThat(this.recorder.counters()).containsEntry("segments.in_progress_sent",
				(long) InProgressTracker.CAPACITY);
	}

	@Test
	void inProgressDocumentIsWrittenSafelyWhileTheOpenSubsegmentIsBeingWritten() throws Exception {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment open = this.recorder.beginSubsegment("open");
		this.recorder.clearContext();
		segment.end();
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch started = new CountDownLatch(1);
		Thread writer = new Thread(() -> {
			int i = 0;
			started.countDown();
			while (!stop.get()) {
				open.putAnnotation("k" + (i % 500), i);
				open.putMetadata("ns" + (i % 7), "k" + i, i);
				open.putAws("operation" + (i % 50), "x");
				Subsegment child = this.recorder.beginSubsegment(open, "child");
				this.recorder.clearContext();
				child.putAnnotation("c", i);
				child.end();
				i++;
			}
		});
		writer.start();
		started.await();
		try {
			for (int i = 0; i < 300; i++) {
				String document = SegmentDocumentWriter.toJson(segment);
				JsonNode node = assertValidDocument(document);
				assertThat(node.path("subsegments").get(0).path("in_progress").asBoolean()).isTrue();
				SegmentDocumentWriter.Result split = SegmentDocumentWriter.split(segment, 8_000);
				assertThat(split.dropped()).isZero();
			}
		}
		finally {
			stop.set(true);
			writer.join();
		}
		open.end();
		assertThat(this.emitter.segments).containsExactly(segment);
	}

}
