package org.xrayspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InMemoryEmitterTests {

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	@Test
	void recorderSamplesEveryTraceAndKeepsItsDocument() {
		try (XRayRecorder recorder = this.emitter.recorder()) {
			for (int i = 0; i < 5; i++) {
				recorder.beginSegment("request-" + i);
				recorder.endSegment();
			}
		}
		assertThat(this.emitter.documents()).hasSize(5);
		assertThat(this.emitter.traces().traceIds()).hasSize(5);
	}

	@Test
	void documentIsWrittenWhenEmittedNotWhenRead() {
		Segment segment;
		try (XRayRecorder recorder = this.emitter.recorder()) {
			segment = TestOrderRequest.record(recorder);
		}
		segment.putAnnotation("late", true);
		assertThat(this.emitter.documents().get(0)).doesNotContain("late");
	}

	@Test
	void keepsDocumentsEmittedFromManyThreads() throws InterruptedException {
		int threads = 8;
		int perThread = 250;
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		try (XRayRecorder recorder = this.emitter.recorder()) {
			for (int t = 0; t < threads; t++) {
				Thread worker = new Thread(() -> {
					awaitQuietly(start);
					for (int i = 0; i < perThread; i++) {
						recorder.beginSegment("concurrent");
						recorder.endSegment();
					}
				});
				worker.start();
				workers.add(worker);
			}
			start.countDown();
			for (Thread worker : workers) {
				worker.join();
			}
		}
		assertThat(this.emitter.documents()).hasSize(threads * perThread);
		assertThat(this.emitter.traces().segments()).hasSize(threads * perThread);
	}

	@Test
	void dropsBeyondItsCapacityAndSaysSoWhenRead() {
		InMemoryEmitter small = new InMemoryEmitter(2);
		try (XRayRecorder recorder = small.recorder()) {
			for (int i = 0; i < 3; i++) {
				recorder.beginSegment("request");
				recorder.endSegment();
			}
		}
		assertThat(small.documents()).hasSize(2);
		assertThat(small.dropped()).isOne();
		assertThatExceptionOfType(AssertionError.class).isThrownBy(small::traces)
			.withMessageContaining("1 documents were dropped beyond the capacity of 2");
		small.clear();
		assertThat(small.dropped()).isZero();
		assertThat(small.traces().documents()).isEmpty();
	}

	@Test
	void clearForgetsEverything() {
		try (XRayRecorder recorder = this.emitter.recorder()) {
			TestOrderRequest.record(recorder);
		}
		this.emitter.clear();
		assertThat(this.emitter.documents()).isEmpty();
	}

	@Test
	void awaitDocumentsReturnsOnceEmittedOnAnotherThread() throws InterruptedException {
		try (XRayRecorder recorder = this.emitter.recorder()) {
			Thread later = new Thread(() -> {
				recorder.beginSegment("later");
				recorder.endSegment();
			});
			later.start();
			assertThat(this.emitter.awaitDocuments(1, Duration.ofSeconds(10))).hasSize(1);
			later.join();
		}
	}

	@Test
	void awaitDocumentsFailsWhenTooFewArrive() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.emitter.awaitDocuments(1, Duration.ofMillis(50)))
			.withMessageContaining("Expected 1 documents within PT0.05S but 0 were emitted");
	}

	@Test
	void rejectsAnEmptyCapacity() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new InMemoryEmitter(0));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
