package org.xrayspring.console.receiver;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.xrayspring.console.TestDocuments;
import org.xrayspring.console.store.StoredTrace;
import org.xrayspring.console.store.TraceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Protocol tests of {@link XRayConsoleReceiver} over a real UDP socket.
 *
 * @author xray-spring-boot
 */
class ReceiverProtocolTests {

	private TraceStore store;

	private ReceiverCounters counters;

	private XRayConsoleReceiver receiver;

	private InetSocketAddress address;

	@BeforeEach
	void start() {
		this.store = new TraceStore(1000, 100, 64L << 20, Clock.systemUTC());
		this.counters = new ReceiverCounters();
		this.receiver = new XRayConsoleReceiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, 100,
				16L << 20, this.store, this.counters);
		this.receiver.start();
		assertThat(this.receiver.isRunning()).isTrue();
		this.address = this.receiver.getLocalAddress();
		assertThat(this.address.getPort()).isPositive();
	}

	@AfterEach
	void stop() {
		this.receiver.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { TestDocuments.HEADER, TestDocuments.COMPACT_HEADER, "{\"format\":\"JSON\",\"version\":1}",
			"{\"FORMAT\":\"Json\",\"Version\":1,\"extra\":\"ignored\"}", "{\"format\": \"json\", \"version\": 1}\r" })
	void acceptsValidHeaders(String header) {
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		String document = TestDocuments.segment(traceId, TestDocuments.id(), "svc", now, now + 0.1, "");
		TestDocuments.send(this.address, (header + "\n" + document).getBytes(StandardCharsets.UTF_8));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.get(traceId) != null);
		assertThat(this.counters.getAccepted()).isEqualTo(1);
		assertThat(this.counters.getRejected()).isZero();
		// The body is stored verbatim.
		assertThat(this.store.get(traceId).getDocuments().get(0).getText()).isEqualTo(document);
	}

	static Stream<Arguments> malformed() {
		String valid = TestDocuments.segment(TestDocuments.traceId(), TestDocuments.id(), "svc", 1.7e9, 1.7e9 + 1, "");
		return Stream.of(Arguments.of("no newline", bytes(TestDocuments.HEADER + valid), RejectReason.NO_NEWLINE),
				Arguments.of("empty datagram", new byte[0], RejectReason.NO_NEWLINE),
				Arguments.of("bad format", bytes("{\"format\":\"xml\",\"version\":1}\n" + valid),
						RejectReason.INVALID_HEADER),
				Arguments.of("string version", bytes("{\"format\":\"json\",\"version\":\"1\"}\n" + valid),
						RejectReason.INVALID_HEADER),
				Arguments.of("version 1.0", bytes("{\"format\":\"json\",\"version\":1.0}\n" + valid),
						RejectReason.INVALID_HEADER),
				Arguments.of("version 2", bytes("{\"format\":\"json\",\"version\":2}\n" + valid),
						RejectReason.INVALID_HEADER),
				Arguments.of("header not JSON", bytes("format=json\n" + valid), RejectReason.INVALID_HEADER),
				Arguments.of("empty header", bytes("\n" + valid), RejectReason.INVALID_HEADER),
				Arguments.of("empty body", bytes(TestDocuments.HEADER + "\n"), RejectReason.EMPTY_BODY),
				Arguments.of("blank body", bytes(TestDocuments.HEADER + "\n  \r\n"), RejectReason.EMPTY_BODY),
				Arguments.of("body not JSON", bytes(TestDocuments.HEADER + "\nhello, daemon"),
						RejectReason.INVALID_JSON),
				Arguments.of("truncated JSON", bytes(TestDocuments.HEADER + "\n" + valid.substring(0, 40)),
						RejectReason.INVALID_JSON),
				Arguments.of("JSON but not an object", bytes(TestDocuments.HEADER + "\n42"), RejectReason.INVALID_JSON),
				Arguments.of("missing trace id",
						bytes(TestDocuments.HEADER + "\n{\"id\":\"0123456789abcdef\",\"name\":\"a\",\"start_time\":1,"
								+ "\"end_time\":2}"),
						RejectReason.INVALID_DOCUMENT),
				Arguments.of("65,000 bytes of garbage", garbage(65_000), RejectReason.INVALID_JSON));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformed")
	void countsMalformedDatagramWithReasonAndStaysAlive(String description, byte[] datagram, RejectReason reason) {
		TestDocuments.send(this.address, datagram);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.counters.getRejected(reason) == 1);
		assertThat(this.counters.getRejected()).isEqualTo(1);
		assertThat(this.counters.getAccepted()).isZero();
		assertThat(this.counters.getRecentRejects()).singleElement()
			.satisfies((reject) -> assertThat(reject.reason()).isEqualTo(reason));
		assertStillAlive();
	}

	static Stream<Arguments> oddDocuments() {
		String child = "{\"id\":\"0123456789abcdef\",\"name\":\"c\",\"start_time\":1.7e9,\"end_time\":1.7e9";
		return Stream.of(Arguments.of("\"subsegments\":\"oops\"", "'subsegments' must be an array of objects"),
				Arguments.of("\"subsegments\":{}", "'subsegments'"),
				Arguments.of("\"subsegments\":[1]", "'subsegments[0]' must be an object"),
				Arguments.of("\"subsegments\":[{\"name\":\"c\",\"start_time\":1}]", "'subsegments[0].id'"),
				Arguments.of("\"subsegments\":[{\"id\":\"0123456789abcdef\",\"start_time\":1}]",
						"'subsegments[0].name'"),
				Arguments.of("\"subsegments\":[{\"id\":\"0123456789abcdef\",\"name\":\"c\"}]",
						"'subsegments[0].start_time'"),
				Arguments.of("\"subsegments\":[{\"id\":\"0123456789abcdef\",\"name\":\"c\",\"start_time\":\"1\"}]",
						"'subsegments[0].start_time' must be a finite number"),
				Arguments.of("\"subsegments\":[" + child + ",\"end_time\":\"later\"}]", "'subsegments[0].end_time'"),
				Arguments.of("\"subsegments\":[" + child + ",\"subsegments\":[" + child + ",\"http\":7}]}]",
						"'subsegments[0].subsegments[0].http' must be an object"),
				Arguments.of("\"http\":\"GET /\"", "'http' must be an object"),
				Arguments.of("\"http\":{\"request\":[]}", "'http.request' must be an object"),
				Arguments.of("\"http\":{\"request\":{\"url\":{}}}", "'http.request.url' must be a string"),
				Arguments.of("\"http\":{\"response\":\"ok\"}", "'http.response' must be an object"),
				Arguments.of("\"http\":{\"response\":{\"status\":\"200\"}}",
						"'http.response.status' must be an HTTP status code"),
				Arguments.of("\"http\":{\"response\":{\"status\":1e12}}", "'http.response.status'"),
				Arguments.of("\"http\":{\"response\":{\"status\":200.5}}", "'http.response.status'"),
				Arguments.of("\"http\":{\"response\":{\"status\":-1}}", "'http.response.status'"),
				Arguments.of("\"aws\":[]", "'aws' must be an object"),
				Arguments.of("\"aws\":{\"xray\":\"sdk\"}", "'aws.xray' must be an object"),
				Arguments.of("\"sql\":\"select 1\"", "'sql' must be an object"),
				Arguments.of("\"service\":1", "'service' must be an object"),
				Arguments.of("\"metadata\":\"m\"", "'metadata' must be an object"),
				Arguments.of("\"annotations\":[]", "'annotations' must be an object"),
				Arguments.of("\"annotations\":{\"k\":{\"a\":1}}", "'annotations.k' must be a string"),
				Arguments.of("\"annotations\":{\"k\":[1]}", "'annotations.k'"),
				Arguments.of("\"annotations\":{\"k\":1e400}", "'annotations.k'"),
				Arguments.of("\"cause\":\"oops\"", "'cause' must be an exception id"),
				Arguments.of("\"cause\":42", "'cause'"),
				Arguments.of("\"cause\":{\"exceptions\":\"boom\"}", "'cause.exceptions' must be an array"),
				Arguments.of("\"cause\":{\"exceptions\":[\"boom\"]}", "'cause.exceptions[0]' must be an object"),
				Arguments.of("\"cause\":{\"exceptions\":[{\"stack\":\"at x\"}]}", "'cause.exceptions[0].stack'"),
				Arguments.of("\"cause\":{\"exceptions\":[{\"stack\":[{\"line\":\"7\"}]}]}",
						"'cause.exceptions[0].stack[0].line'"),
				Arguments.of("\"cause\":{\"exceptions\":[{\"message\":[]}]}", "'cause.exceptions[0].message'"),
				Arguments.of("\"cause\":{\"paths\":[1]}", "'cause.paths'"),
				Arguments.of("\"fault\":\"yes\"", "'fault' must be a boolean"),
				Arguments.of("\"error\":1", "'error' must be a boolean"),
				Arguments.of("\"throttle\":\"true\"", "'throttle'"),
				Arguments.of("\"namespace\":{}", "'namespace' must be a string"),
				Arguments.of("\"origin\":1", "'origin' must be a string"),
				Arguments.of("\"user\":[]", "'user' must be a string"),
				Arguments.of("\"parent_id\":\"zz\"", "'parent_id' must be 16 hexadecimal digits"),
				Arguments.of("\"precursor_ids\":[1]", "'precursor_ids'"),
				Arguments.of("\"end_time\":\"2\",\"in_progress\":true", "'end_time' must be a number"),
				Arguments.of("\"subsegments\":[" + nested(child, 65) + "]", "nested deeper than 64 levels"));
	}

	private static String nested(String child, int depth) {
		return (depth == 1) ? child + "}" : child + ",\"subsegments\":[" + nested(child, depth - 1) + "]}";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("oddDocuments")
	void rejectsAndCountsDocumentsOfTheWrongShape(String member, String detail) {
		String traceId = TestDocuments.traceId();
		String document = "{\"trace_id\":\"" + traceId + "\",\"id\":\"" + TestDocuments.id()
				+ "\",\"name\":\"odd\",\"start_time\":1.7e9,"
				+ (member.startsWith("\"end_time\"") ? "" : "\"end_time\":1.7e9,") + member + "}";
		TestDocuments.send(this.address, document);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.counters.getRejected(RejectReason.INVALID_DOCUMENT) == 1);
		assertThat(this.counters.getRecentRejects()).singleElement()
			.satisfies((reject) -> assertThat(reject.detail()).contains(detail));
		assertThat(this.store.get(traceId)).isNull();
		assertStillAlive();
	}

	@Test
	void acceptsNestingUpToTheLimit() {
		String traceId = TestDocuments.traceId();
		String child = "{\"id\":\"0123456789abcdef\",\"name\":\"c\",\"start_time\":1.7e9,\"end_time\":1.7e9";
		TestDocuments.send(this.address, TestDocuments.segment(traceId, TestDocuments.id(), "deep", 1.7e9, 1.7e9,
				"\"subsegments\":[" + nested(child, 64) + "]"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.get(traceId) != null);
	}

	@Test
	void acceptsLargeDatagramWhole() {
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		String prefix = TestDocuments.segment(traceId, TestDocuments.id(), "big", now, now + 1,
				"\"metadata\":{\"default\":{\"padding\":\"");
		prefix = prefix.substring(0, prefix.length() - 1);
		int padding = 65_000 - TestDocuments.HEADER.length() - 1 - prefix.length() - "\"}}}".length();
		String document = prefix + "x".repeat(padding) + "\"}}}";
		byte[] datagram = TestDocuments.datagram(document);
		assertThat(datagram).hasSize(65_000);
		TestDocuments.send(this.address, datagram);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.get(traceId) != null);
		StoredTrace trace = this.store.get(traceId);
		assertThat(trace.getDocuments().get(0).getText()).isEqualTo(document);
		assertThat(this.counters.getReceived()).isEqualTo(1);
		assertThat(this.counters.getAccepted()).isEqualTo(1);
		assertStillAlive();
	}

	@Test
	void boundsTheQueueInBytesAndCountsWhatDoesNotFit() {
		TraceStore blocked = new TraceStore(1000, 100, 64L << 20, Clock.systemUTC());
		ReceiverCounters queueCounters = new ReceiverCounters();
		long maxQueueBytes = 3 * 60_100;
		XRayConsoleReceiver bounded = new XRayConsoleReceiver(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, 1000, maxQueueBytes, blocked,
				queueCounters);
		bounded.start();
		int waiting;
		try {
			// Holding the store's lock stops the processor at its first datagram, so the
			// others wait in the queue.
			synchronized (blocked) {
				for (int i = 0; i < 10; i++) {
					TestDocuments.send(bounded.getLocalAddress(),
							TestDocuments.datagram(TestDocuments.largeSegment(60_000, false)));
				}
				await().atMost(Duration.ofSeconds(10))
					.until(() -> queueCounters.getReceived() >= 6 && queueCounters.getReceived() == 1
							+ bounded.getQueued() + queueCounters.getRejected(RejectReason.QUEUE_FULL));
				assertThat(bounded.getQueuedBytes()).isPositive().isLessThanOrEqualTo(maxQueueBytes);
				assertThat(bounded.getQueued()).isLessThanOrEqualTo(3);
				assertThat(queueCounters.getRejected(RejectReason.QUEUE_FULL)).isPositive();
				assertThat(queueCounters.getRecentRejects()).last()
					.satisfies((reject) -> assertThat(reject.detail()).contains("bytes waiting"));
				waiting = bounded.getQueued();
			}
			int queuedWhenReleased = waiting;
			await().atMost(Duration.ofSeconds(10)).until(() -> queueCounters.getAccepted() == 1 + queuedWhenReleased);
			assertThat(bounded.getQueuedBytes()).isZero();
		}
		finally {
			bounded.stop();
		}
	}

	@Test
	void survivesManyMalformedDatagramsInARow() {
		for (int i = 0; i < 50; i++) {
			TestDocuments.send(this.address, garbage(1 + i * 100));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.counters.getReceived() == 50);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.counters.getRejected() == 50);
		assertThat(this.counters.getRecentRejects()).hasSize(20);
		assertStillAlive();
	}

	@Test
	void relaysAcceptedDatagramsVerbatim() throws Exception {
		try (DatagramSocket upstream = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			upstream.setSoTimeout(10_000);
			XRayConsoleReceiver relaying = new XRayConsoleReceiver(
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream.getLocalPort()), 100, 16L << 20,
					this.store, this.counters);
			relaying.start();
			try {
				TestDocuments.send(relaying.getLocalAddress(), bytes(TestDocuments.HEADER + "\nnot json"));
				double now = TestDocuments.now();
				byte[] valid = TestDocuments
					.datagram(TestDocuments.segment(TestDocuments.traceId(), TestDocuments.id(), "r", now, now, ""));
				TestDocuments.send(relaying.getLocalAddress(), valid);
				DatagramPacket packet = new DatagramPacket(new byte[70_000], 70_000);
				upstream.receive(packet);
				// Only the accepted datagram is relayed, byte for byte.
				assertThat(Arrays.copyOf(packet.getData(), packet.getLength())).isEqualTo(valid);
				await().atMost(Duration.ofSeconds(10)).until(() -> this.counters.getRelayed() == 1);
				assertThat(this.counters.getRejected(RejectReason.INVALID_JSON)).isEqualTo(1);
			}
			finally {
				relaying.stop();
			}
		}
	}

	@Test
	void reportsBindFailureWithoutThrowing() {
		XRayConsoleReceiver second = new XRayConsoleReceiver(this.address, null, 10, 1 << 20, this.store,
				this.counters);
		second.start();
		assertThat(second.isRunning()).isFalse();
		assertThat(second.getFailure()).contains("Cannot bind UDP");
		assertStillAlive();
	}

	private void assertStillAlive() {
		long accepted = this.counters.getAccepted();
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		TestDocuments.send(this.address, TestDocuments.segment(traceId, TestDocuments.id(), "alive", now, now, ""));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.store.get(traceId) != null);
		assertThat(this.counters.getAccepted()).isEqualTo(accepted + 1);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] garbage(int length) {
		byte[] bytes = new byte[length];
		Arrays.fill(bytes, (byte) 'g');
		byte[] header = bytes(TestDocuments.HEADER + "\n");
		System.arraycopy(header, 0, bytes, 0, Math.min(header.length, length));
		return bytes;
	}

}
