package org.xrayspring.benchmarks;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.emitters.UDPEmitter;
import com.amazonaws.xray.entities.Namespace;
import com.amazonaws.xray.entities.Segment;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.entities.TraceHeader;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.LocalizedSamplingStrategy;
import com.amazonaws.xray.strategy.sampling.SamplingRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The AWS X-Ray SDK for Java 2.21.0 on the scenarios of {@link RecorderBenchmarks}:
 * segments are sampled and handed to an emitter that drops them (except in
 * {@link #emitOneDocumentToUdp}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AwsSdkBenchmarks {

	private AWSXRayRecorder recorder;

	private Segment typicalSegment;

	private LocalizedSamplingStrategy tenRules;

	private SamplingRequest samplingRequest;

	private DatagramSocket daemonSocket;

	private UDPEmitter udpEmitter;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.recorder = AWSXRayRecorderBuilder.standard()
			.withSamplingStrategy(new AllSamplingStrategy())
			.withEmitter(new DroppingEmitter())
			.build();
		this.typicalSegment = typicalSegment(this.recorder);
		this.tenRules = new LocalizedSamplingStrategy(AwsSdkBenchmarks.class.getResource(Scenario.RULES_RESOURCE));
		this.samplingRequest = new SamplingRequest("orders", Scenario.HOST, Scenario.PATH, Scenario.METHOD, null);
		this.daemonSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
		DaemonConfiguration daemon = new DaemonConfiguration();
		daemon.setUDPAddress("127.0.0.1:" + this.daemonSocket.getLocalPort());
		this.udpEmitter = new UDPEmitter(daemon);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.daemonSocket.close();
	}

	static Segment typicalSegment(AWSXRayRecorder recorder) {
		Segment segment = recorder.beginSegment("orders");
		segment.putHttp("request", java.util.Map.of("method", "GET", "url", "https://shop.example.com/api/orders/42",
				"user_agent", "Mozilla/5.0 (X11; Linux x86_64)", "client_ip", "203.0.113.7"));
		segment.putHttp("response", java.util.Map.of("status", 500, "content_length", 1234));
		segment.setFault(true);
		for (int i = 0; i < 4; i++) {
			Subsegment subsegment = recorder.beginSubsegment(Scenario.SUBSEGMENT_NAMES[i]);
			subsegment.setNamespace(Namespace.REMOTE.toString());
			subsegment.putHttp("request",
					java.util.Map.of("method", "GET", "url", "http://inventory.internal/items/" + i));
			subsegment.putHttp("response", java.util.Map.of("status", 200));
			if (i == 3) {
				subsegment.addException(Scenario.EXCEPTION);
			}
			recorder.endSubsegment();
		}
		recorder.endSegment();
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
			Object value = Scenario.ANNOTATION_VALUES[i];
			if (value instanceof String text) {
				segment.putAnnotation(Scenario.ANNOTATION_KEYS[i], text);
			}
			else if (value instanceof Number number) {
				segment.putAnnotation(Scenario.ANNOTATION_KEYS[i], number);
			}
			else {
				segment.putAnnotation(Scenario.ANNOTATION_KEYS[i], (Boolean) value);
			}
		}
		this.recorder.endSegment();
		return segment;
	}

	@Benchmark
	public String serializeTypicalSegment() {
		return this.typicalSegment.serialize();
	}

	@Benchmark
	public boolean samplingDecisionTenRules() {
		return this.tenRules.shouldTrace(this.samplingRequest).isSampled();
	}

	@Benchmark
	public String traceHeaderParseAndFormat() {
		return TraceHeader.fromString(Scenario.HEADER).toString();
	}

	/**
	 * One segment through the SDK's UDP emitter, which serializes and sends on the
	 * calling thread.
	 */
	@Benchmark
	public boolean emitOneDocumentToUdp() {
		Segment segment = this.recorder.beginSegment("orders");
		this.recorder.endSegment();
		return this.udpEmitter.sendSegment(segment);
	}

	/** Drops everything, like the emitter of the other side. */
	static final class DroppingEmitter extends Emitter {

		@Override
		public boolean sendSegment(Segment segment) {
			return true;
		}

		@Override
		public boolean sendSubsegment(Subsegment subsegment) {
			return true;
		}

	}

}
