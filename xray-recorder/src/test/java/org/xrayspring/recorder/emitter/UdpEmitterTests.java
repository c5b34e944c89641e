package org.xrayspring.recorder.emitter;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

class UdpEmitterTests {

	/** Long enough for the sender to find the queue empty often enough to park. */
	private static final long IDLE_PAUSE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS
		.toNanos((UdpEmitter.IDLE_LOOKS_BEFORE_PARKING + 4) * UdpEmitter.BATCH_MILLIS);

	private final FakeDaemon daemon = new FakeDaemon();

	private UdpEmitter emitter;

	@AfterEach
	void close() {
		if (this.emitter != null) {
			this.emitter.close();
		}
		this.daemon.close();
	}

	private XRayRecorder recorder(UdpEmitter emitter) {
		this.emitter = emitter;
		return XRayRecorder.builder().emitter(emitter).samplingStrategy(SamplingStrategy.always()).build();
	}

	@Test
	void sendsOneDatagramWithTheDaemonHeaderPerSegment() {
		XRayRecorder recorder = recorder(new UdpEmitter(DaemonAddress.parse(this.daemon.address())));
		Segment segment = recorder.beginSegment("svc");
		recorder.beginSubsegment("child").end();
		recorder.endSegment();
		Datagram datagram = this.daemon.next(Duration.ofSeconds(5));
		assertThat(new String(datagram.bytes(), 0, 33, StandardCharsets.UTF_8))
			.isEqualTo("{\"format\": \"json\", \"version\": 1}\n");
		assertThat(datagram.daemonAccepts()).isTrue();
		JsonNode document = assertValidDocument(datagram.body());
		assertThat(document.path("id").asString()).isEqualTo(segment.getId());
		assertThat(document.path("subsegments")).hasSize(1);
		assertThat(this.emitter.flush(5000)).isTrue();
		assertThat(this.emitter.counters()).containsEntry("documents.sent", 1L)
			.containsEntry("bytes.sent", (long) datagram.bytes().length);
	}

	@Test
	void segmentOfTwoHundredKilobytesArrivesAsSeveralValidDatagrams() {
		XRayRecorder recorder = XRayRecorder.builder()
			.emitter(this.emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address())))
			.samplingStrategy(SamplingStrategy.always())
			.streamingThreshold(1000)
			.build();
		Segment segment = recorder.beginSegment("big");
		for (int i = 0; i < 100; i++) {
			Subsegment subsegment = recorder.beginSubsegment("part-" + i);
			subsegment.putMetadata("payload", "p".repeat(2000));
			subsegment.end();
		}
		recorder.endSegment();
		assertThat(this.emitter.flush(5000)).isTrue();
		List<Datagram> datagrams = this.daemon.drain(Duration.ofMillis(500));
		assertThat(datagrams).hasSize(101);
		int independent = 0;
		for (Datagram datagram : datagrams) {
			assertThat(datagram.bytes().length).isLessThanOrEqualTo(UdpEmitter.MAX_DATAGRAM_BYTES);
			assertThat(datagram.daemonAccepts()).isTrue();
			JsonNode document = assertValidDocument(datagram.body());
			if (document.has("type")) {
				independent++;
				assertThat(document.path("parent_id").asString()).isEqualTo(segment.getId());
			}
		}
		assertThat(independent).isEqualTo(100);
	}

	@Test
	void daemonDownIsNotAnErrorForTheCaller() throws Exception {
		int closedPort;
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		XRayRecorder recorder = recorder(new UdpEmitter(DaemonAddress.parse("127.0.0.1:" + closedPort)));
		for (int i = 0; i < 5; i++) {
			recorder.beginSegment("svc");
			recorder.endSegment();
		}
		assertThat(this.emitter.flush(5000)).isTrue();
		// UDP does not know the daemon is down: the datagrams left this process
		assertThat(this.emitter.counters().get("documents.sent") + this.emitter.counters().get("send.failures"))
			.isEqualTo(5);
	}

	@Test
	void absentDaemonIsCountedAndADaemonThatStartsLaterReceives() throws Exception {
		int port;
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		XRayRecorder recorder = recorder(new UdpEmitter(DaemonAddress.parse("127.0.0.1:" + port)));
		for (int i = 0; i < 5; i++) {
			recorder.beginSegment("before");
			recorder.endSegment();
		}
		assertThat(this.emitter.flush(5000)).isTrue();
		// the socket is connected: the kernel reports the closed port on a later send
		assertThat(this.emitter.counters().get("send.failures")).isPositive();
		try (FakeDaemon late = new FakeDaemon(port)) {
			for (int i = 0; i < 5; i++) {
				recorder.beginSegment("after");
				recorder.endSegment();
			}
			assertThat(this.emitter.flush(5000)).isTrue();
			// at most the first send still meets the report of an earlier refusal
			assertThat(late.drain(Duration.ofMillis(500))).hasSizeGreaterThanOrEqualTo(4)
				.allSatisfy((datagram) -> assertThat(datagram.document().path("name").asString()).isEqualTo("after"));
		}
	}

	@Test
	void unresolvableHostIsCountedAsSendFailure() {
		XRayRecorder recorder = recorder(new UdpEmitter(DaemonAddress.parse("no-such-host.invalid:2000")));
		recorder.beginSegment("svc");
		recorder.endSegment();
		assertThat(this.emitter.flush(10_000)).isTrue();
		assertThat(this.emitter.counters()).containsEntry("send.failures", 1L)
			.containsEntry("dropped.send_failure", 1L);
	}

	@Test
	void fullQueueDropsAndCounts() throws Exception {
		UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()), 1);
		XRayRecorder recorder = recorder(emitter);
		int total = 2000;
		for (int i = 0; i < total; i++) {
			recorder.beginSegment("svc");
			recorder.endSegment();
		}
		assertThat(emitter.flush(5000)).isTrue();
		long sent = emitter.counters().get("documents.sent");
		long dropped = emitter.counters().get("dropped.queue_full");
		assertThat(sent + dropped).isEqualTo(total);
		assertThat(dropped).isPositive();
	}

	@Test
	void afterCloseSegmentsAreCountedAsDropped() {
		UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()));
		XRayRecorder recorder = recorder(emitter);
		emitter.close();
		recorder.beginSegment("svc");
		recorder.endSegment();
		assertThat(emitter.counters()).containsEntry("dropped.closed", 1L);
		this.daemon.assertNothingWithin(Duration.ofMillis(200));
	}

	@Test
	void closeSendsWhatIsQueued() {
		UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()));
		XRayRecorder recorder = recorder(emitter);
		for (int i = 0; i < 50; i++) {
			recorder.beginSegment("svc-" + i);
			recorder.endSegment();
		}
		emitter.close();
		assertThat(this.daemon.drain(Duration.ofMillis(500))).hasSize(50);
	}

	@Test
	void flushAndCloseDoNotWaitForTheBatchingDelay() throws Exception {
		// a delay no test could sit out: only a flush that prompts the sender passes
		UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()), 100,
				Duration.ofHours(1).toNanos());
		XRayRecorder recorder = recorder(emitter);
		recorder.beginSegment("first");
		recorder.endSegment();
		assertThat(emitter.flush(5000)).isTrue();
		assertThat(this.daemon.next(Duration.ofSeconds(5)).document().path("name").asString()).isEqualTo("first");
		// the sender is back in its batching delay
		assertThat(awaitSenderState(emitter, Thread.State.TIMED_WAITING)).isEqualTo(Thread.State.TIMED_WAITING);
		recorder.beginSegment("second");
		recorder.endSegment();
		assertThat(emitter.flush(5000)).isTrue();
		assertThat(this.daemon.next(Duration.ofSeconds(5)).document().path("name").asString()).isEqualTo("second");
		assertThat(awaitSenderState(emitter, Thread.State.TIMED_WAITING)).isEqualTo(Thread.State.TIMED_WAITING);
		for (int i = 0; i < 5; i++) {
			recorder.beginSegment("queued-" + i);
			recorder.endSegment();
		}
		emitter.close();
		assertThat(this.daemon.drain(Duration.ofMillis(500))).hasSize(5);
	}

	@Test
	void daemonOnIpv6LoopbackReceives() throws Exception {
		try (FakeDaemon ipv6 = new FakeDaemon(InetAddress.getByName("::1"), 0)) {
			XRayRecorder recorder = recorder(new UdpEmitter(DaemonAddress.parse(ipv6.address())));
			Segment segment = recorder.beginSegment("svc");
			recorder.endSegment();
			assertThat(ipv6.address()).startsWith("[0:0:0:0:0:0:0:1]:");
			assertThat(ipv6.next(Duration.ofSeconds(5)).document().path("id").asString()).isEqualTo(segment.getId());
		}
	}

	@Test
	void segmentAfterAnIdlePeriodWakesTheSender() throws Exception {
		XRayRecorder recorder = recorder(new UdpEmitter(DaemonAddress.parse(this.daemon.address())));
		recorder.beginSegment("first");
		recorder.endSegment();
		assertThat(this.daemon.next(Duration.ofSeconds(5)).document().path("name").asString()).isEqualTo("first");
		Thread.sleep(300);
		recorder.beginSegment("after-idle");
		recorder.endSegment();
		assertThat(this.daemon.next(Duration.ofSeconds(5)).document().path("name").asString()).isEqualTo("after-idle");
	}

	@Test
	void idleSenderParksUntilTheNextSegment() throws Exception {
		UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()));
		XRayRecorder recorder = recorder(emitter);
		for (int i = 0; i < 20; i++) {
			recorder.beginSegment("busy");
			recorder.endSegment();
		}
		assertThat(this.daemon.drain(Duration.ofMillis(500))).hasSize(20);
		// no more looks at an empty queue once it has stayed empty for a while: an idle
		// application's sender uses no CPU
		assertThat(awaitSenderState(emitter, Thread.State.WAITING)).isEqualTo(Thread.State.WAITING);
		recorder.beginSegment("after-idle");
		recorder.endSegment();
		assertThat(this.daemon.next(Duration.ofSeconds(5)).document().path("name").asString()).isEqualTo("after-idle");
	}

	private static Thread.State awaitSenderState(UdpEmitter emitter, Thread.State expected)
			throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		Thread.State state = emitter.senderState();
		while (state != expected && System.nanoTime() < deadline) {
			Thread.sleep(5);
			state = emitter.senderState();
		}
		return state;
	}

	@Test
	void concurrentProducersLoseNothing() throws Exception {
		UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()), 100_000);
		XRayRecorder recorder = recorder(emitter);
		int threads = 4;
		int perThread = 2_000;
		java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		for (int t = 0; t < threads; t++) {
			executor.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				for (int i = 0; i < perThread; i++) {
					recorder.beginSegment("svc");
					recorder.endSegment();
					if (i % 97 == 0) {
						// pauses longer than the sender's idle looks let it park, so that
						// wake-ups race with additions
						java.util.concurrent.locks.LockSupport.parkNanos(IDLE_PAUSE_NANOS);
					}
				}
			});
		}
		start.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		assertThat(emitter.flush(10_000)).isTrue();
		assertThat(emitter.counters()).containsEntry("documents.sent", (long) threads * perThread)
			.containsEntry("dropped.queue_full", 0L)
			.containsEntry("queue.size", 0L);
	}

}
