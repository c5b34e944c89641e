package org.xrayspring.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.MDC;

import org.xrayspring.autoconfigure.logging.XRayMdcContextListener;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;

/**
 * A request's recording as the starter configures it: the SLF4J MDC (Logback's) kept in
 * step with the current entity by {@link XRayMdcContextListener}, one segment and
 * {@code subsegments} subsegments begun and ended one after the other under it, as the
 * end-to-end application's {@code /sub10} and {@code /sub100} endpoints record them.
 * {@code mdc=false} is the recorder alone. Segments go to an emitter that drops them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ContextBenchmarks {

	@Param({ "0", "10", "100" })
	private int subsegments;

	@Param({ "true", "false" })
	private boolean mdc;

	private XRayRecorder recorder;

	@Setup(Level.Trial)
	public void setUp() {
		this.recorder = XRayRecorder.builder()
			.emitter(Emitter.noop())
			.samplingStrategy(SamplingStrategy.always())
			.contextListener(this.mdc ? new XRayMdcContextListener() : null)
			.build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.recorder.close();
		MDC.clear();
	}

	@Benchmark
	public Segment segmentWithSubsegments() {
		XRayRecorder recorder = this.recorder;
		Segment segment = recorder.beginSegment("bench");
		for (int i = 0; i < this.subsegments; i++) {
			recorder.beginSubsegment("step").end();
		}
		recorder.endSegment();
		return segment;
	}

}
