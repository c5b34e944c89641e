package org.xrayspring.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.SegmentDocumentWriter;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.DaemonAddress;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.inbound.InboundRequests;
import org.xrayspring.recorder.json.JsonWriter;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;

/**
 * This project's recorder on the scenarios of {@link AwsSdkBenchmarks}. Segments are
 * sampled and handed to an emitter that drops them (except in
 * {@link #emitOneDocumentToUdp}), as on the AWS side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecorderBenchmarks {

	private XRayRecorder recorder;

	private Segment typicalSegment;

	private final JsonWriter scratch = new JsonWriter(16 * 1024);

	private int lastLength;

	private LocalSamplingStrategy tenRules;

	private SamplingRequest samplingRequest;

	private Segment tenStepSegment;

	private Segment helloSegment;

	private DatagramSocket daemonSocket;

	private UdpEmitter udpEmitter;

	private XRayRecorder udpRecorder;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.recorder = XRayRecorder.builder()
			.emitter(Emitter.noop())
			.samplingStrategy(SamplingStrategy.always())
			.build();
		this.typicalSegment = typicalSegment(this.recorder);
		this.tenStepSegment = tenStepSegment(this.recorder);
		this.helloSegment = helloRequest(this.recorder);
		try (InputStream in = RecorderBenchmarks.class.getResourceAsStream(Scenario.RULES_RESOURCE)) {
			this.tenRules = LocalSamplingStrategy.fromJson(in);
		}
		this.samplingRequest = new SamplingRequest(Scenario.HOST, Scenario.METHOD, Scenario.PATH, "orders");
		// a local socket that is never read, like a daemon that cannot keep up
		this.daemonSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
		this.udpEmitter = new UdpEmitter(DaemonAddress.parse("127.0.0.1:" + this.daemonSocket.getLocalPort()), 100_000);
		this.udpRecorder = XRayRecorder.builder()
			.emitter(this.udpEmitter)
			.samplingStrategy(SamplingStrategy.always())
			.build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.udpEmitter.close();
		this.daemonSocket.close();
	}

	static Segment typicalSegment(XRayRecorder recorder) {
		Segment segment = recorder.beginSegment("orders");
		segment.putHttpRequest("method", "GET");
		segment.putHttpRequest("url", "https://shop.example.com/api/orders/42");
		segment.putHttpRequest("user_agent", "Mozilla/5.0 (X11; Linux x86_64)");
		segment.putHttpRequest("client_ip", "203.0.113.7");
		segment.putHttpResponse("status", 500);
		segment.putHttpResponse("content_length", 1234);
		segment.applyStatus(500);
		for (int i = 0; i < 4; i++) {
			Subsegment subsegment = recorder.beginSubsegment(Scenario.SUBSEGMENT_NAMES[i]);
			subsegment.setNamespace(Subsegment.NAMESPACE_REMOTE);
			subsegment.putHttpRequest("method", "GET");
			subsegment.putHttpRequest("url", "http://inventory.internal/items/" + i);
			subsegment.putHttpResponse("status", 200);
			if (i == 3) {
				subsegment.addException(Scenario.EXCEPTION, true);
			}
			subsegment.end();
		}
		recorder.clearContext();
		segment.end();
		return segment;
	}

	@Benchmark
	public Segment beginEndSegment() {
		Segment segment = this.recorder.beginSegment("orders");
		this.recorder.endSegment();
		return segment;
	}

	@Benchmark
	public Segment segmentWithOneSubsegment() {
		Segment segment = this.recorder.beginSegment("orders");
		this.recorder.beginSubsegment("s0");
		this.recorder.endSubsegment();
		this.recorder.endSegment();
		return segment;
	}

	@Benchmark
	public Segment segmentWithTenSubsegments() {
		Segment segment = this.recorder.beginSegment("orders");
		for (String name : Scenario.SUBSEGMENT_NAMES) {
			this.recorder.beginSubsegment(name);
			this.recorder.endSubsegment();
		}
		this.recorder.endSegment();
		return segment;
	}

	@Benchmark
	public Segment putFiveAnnotations() {
		Segment segment = this.recorder.beginSegment("orders");
		for (int i = 0; i < 5; i++) {
			segment.putAnnotation(Scenario.ANNOTATION_KEYS[i], Scenario.ANNOTATION_VALUES[i]);
		}
		this.recorder.endSegment();
		return segment;
	}

	@Benchmark
	public String serializeTypicalSegment() {
		return SegmentDocumentWriter.toJson(this.typicalSegment);
	}

	/**
	 * The production path of serialization: the emitter writes each document as UTF-8
	 * into one reusable buffer and sends it from there, so no {@code String} is made (the
	 * AWS SDK's emitter serializes to a {@code String}, its
	 * {@code serializeTypicalSegment}).
	 */
	@Benchmark
	public int serializeTypicalSegmentIntoEmitterBuffer() {
		return SegmentDocumentWriter.write(this.typicalSegment, UdpEmitter.MAX_DATAGRAM_BYTES, this.scratch, this::sink)
			.written();
	}

	/**
	 * The document of the end-to-end application's {@code /sub10}: a request as the
	 * servlet filter records it and ten subsegments with a name and times only, written
	 * as the emitter writes it.
	 */
	@Benchmark
	public int serializeSegmentWithTenStepsIntoEmitterBuffer() {
		return SegmentDocumentWriter.write(this.tenStepSegment, UdpEmitter.MAX_DATAGRAM_BYTES, this.scratch, this::sink)
			.written();
	}

	/**
	 * The request path of the end-to-end application's {@code /hello} as the servlet
	 * filter records it: the segment begun, the request's fields, the response's fields,
	 * the segment ended (handed to an emitter that drops it).
	 */
	@Benchmark
	public Segment recordHelloRequest() {
		return helloRequest(this.recorder);
	}

	/**
	 * The document of {@code /hello}, written as the emitter writes it.
	 */
	@Benchmark
	public int serializeHelloSegmentIntoEmitterBuffer() {
		return SegmentDocumentWriter.write(this.helloSegment, UdpEmitter.MAX_DATAGRAM_BYTES, this.scratch, this::sink)
			.written();
	}

	static Segment helloRequest(XRayRecorder recorder) {
		Segment segment = recorder.beginSegment("e2e");
		InboundRequests.recordRequest(segment, "GET", "http://127.0.0.1:18385/hello", "wrk", null, "127.0.0.1");
		InboundRequests.recordResponse(segment, 200, "2", null);
		recorder.clearContext();
		segment.end();
		return segment;
	}

	static Segment tenStepSegment(XRayRecorder recorder) {
		Segment segment = recorder.beginSegment("bench");
		segment.putHttpRequest("method", "GET");
		segment.putHttpRequest("url", "http://127.0.0.1:8080/sub10");
		segment.putHttpRequest("client_ip", "127.0.0.1");
		segment.putHttpResponse("status", 200);
		segment.putHttpResponse("content_length", 2);
		for (int i = 0; i < 10; i++) {
			recorder.beginSubsegment("step").end();
		}
		recorder.clearContext();
		segment.end();
		return segment;
	}

	private void sink(JsonWriter document) {
		this.lastLength = document.length();
	}

	@Benchmark
	public boolean samplingDecisionTenRules() {
		return this.tenRules.shouldTrace(this.samplingRequest);
	}

	@Benchmark
	public String traceHeaderParseAndFormat() {
		return TraceHeader.parse(Scenario.HEADER).format();
	}

	/**
	 * An incoming {@code traceparent} with a two-member {@code tracestate} read, and the
	 * {@code traceparent} of an outbound call formatted: what W3C propagation adds to a
	 * request that carries it.
	 */
	@Benchmark
	public @Nullable String w3cTraceContextParseAndFormat() {
		W3CTraceContext context = W3CTraceContext.parse(Scenario.TRACEPARENT, Scenario.TRACESTATE);
		return W3CTraceContext.formatTraceparent(context.traceId(), context.parentId(), context.sampled());
	}

	/**
	 * One segment through the real emitter: queued by the calling thread, serialized and
	 * sent as a datagram to a local UDP socket by the emitter's thread; timed per
	 * document, waiting until all 1000 have left ({@code flush} prompts the sender, so
	 * the emitter's batching delay is not part of it).
	 */
	@Benchmark
	@OperationsPerInvocation(1000)
	public long emitOneDocumentToUdp() {
		for (int i = 0; i < 1000; i++) {
			this.udpRecorder.beginSegment("orders");
			this.udpRecorder.endSegment();
		}
		this.udpEmitter.flush(10_000);
		return this.udpEmitter.counters().get("documents.sent");
	}

}
