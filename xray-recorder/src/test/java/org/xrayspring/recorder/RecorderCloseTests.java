package org.xrayspring.recorder;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.emitter.DaemonAddress;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.Threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

/**
 * {@link XRayRecorder#close()}: stops the recorder's thread, hands segments still waiting
 * for open subsegments to the emitter, then closes the emitter if it owns it; closing
 * again does nothing.
 */
class RecorderCloseTests {

	@Test
	void closeStopsTheInProgressThreadAndSendsWaitingSegmentsBeforeClosingTheEmitter() throws Exception {
		try (FakeDaemon daemon = new FakeDaemon()) {
			Set<Thread> before = Threads.live();
			UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(daemon.address()));
			XRayRecorder recorder = XRayRecorder.builder()
				.emitter(emitter)
				.samplingStrategy(SamplingStrategy.always())
				.inProgressTimeout(Duration.ofHours(1))
				.build();
			Segment segment = recorder.beginSegment("svc");
			Subsegment open = recorder.beginSubsegment("open");
			recorder.clearContext();
			segment.end();
			assertThat(Threads.startedSince(before)).extracting(Thread::getName).contains("xray-in-progress");
			recorder.close();
			Threads.awaitNoneStartedSince(before);
			JsonNode document = assertValidDocument(daemon.next(Duration.ofSeconds(5)).body());
			assertThat(document.path("id").asString()).isEqualTo(segment.getId());
			assertThat(document.path("subsegments").get(0).path("in_progress").asBoolean()).isTrue();
			assertThat(recorder.counters()).containsEntry("segments.in_progress_sent", 1L);
			open.end();
			assertThat(emitter.counters()).containsEntry("dropped.closed", 1L);
		}
	}

	@Test
	void closeIsIdempotentAndClosesTheEmitterOnce() {
		CountingEmitter emitter = new CountingEmitter();
		XRayRecorder recorder = XRayRecorder.builder().emitter(emitter).build();
		recorder.close();
		recorder.close();
		assertThat(emitter.closed).hasValue(1);
	}

	@Test
	void emitterOwnedElsewhereIsNotClosedButStillGetsTheWaitingSegments() {
		CountingEmitter emitter = new CountingEmitter();
		XRayRecorder recorder = XRayRecorder.builder()
			.emitter(emitter)
			.samplingStrategy(SamplingStrategy.always())
			.closeEmitter(false)
			.build();
		Segment segment = recorder.beginSegment("svc");
		recorder.beginSubsegment("open");
		recorder.clearContext();
		segment.end();
		recorder.close();
		assertThat(emitter.closed).hasValue(0);
		assertThat(emitter.inProgress).containsExactly(segment);
	}

	@Test
	void idleRecorderStartsNoThread() {
		Set<Thread> before = Threads.live();
		XRayRecorder recorder = XRayRecorder.builder().samplingStrategy(SamplingStrategy.always()).build();
		recorder.beginSegment("svc");
		recorder.endSegment();
		assertThat(Threads.startedSince(before)).isEmpty();
		recorder.close();
	}

	private static final class CountingEmitter implements Emitter {

		final AtomicInteger closed = new AtomicInteger();

		final List<Segment> inProgress = new CopyOnWriteArrayList<>();

		@Override
		public void sendSegment(Segment segment) {
		}

		@Override
		public void sendInProgressSegment(Segment segment) {
			this.inProgress.add(segment);
		}

		@Override
		public void sendSubsegment(Subsegment subsegment) {
		}

		@Override
		public void close() {
			this.closed.incrementAndGet();
		}

	}

}
