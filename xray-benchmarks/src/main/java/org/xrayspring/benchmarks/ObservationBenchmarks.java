package org.xrayspring.benchmarks;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.http.server.observation.ServerRequestObservationContext;

import org.xrayspring.autoconfigure.observation.XRayObservationHandler;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;

/**
 * What {@link XRayObservationHandler} adds to an HTTP server observation, which it skips
 * (the servlet filter records the request): Spring MVC's
 * {@code ServerHttpObservationFilter} starts and stops one per request once an
 * {@link ObservationRegistry} exists. {@code handler=none} is a registry whose only
 * handler takes nothing but is there (so the observation is not a no-op), {@code xray}
 * adds ours.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservationBenchmarks {

	@Param({ "none", "xray" })
	private String handler;

	private XRayRecorder recorder;

	private ObservationRegistry registry;

	private ServerRequestObservationContext context;

	@Setup(Level.Trial)
	public void setUp() {
		this.recorder = XRayRecorder.builder()
			.emitter(Emitter.noop())
			.samplingStrategy(SamplingStrategy.always())
			.build();
		this.registry = ObservationRegistry.create();
		this.registry.observationConfig().observationHandler(new Counting());
		if ("xray".equals(this.handler)) {
			this.registry.observationConfig().observationHandler(new XRayObservationHandler(this.recorder));
		}
		this.context = new ServerRequestObservationContext(stub(HttpServletRequest.class),
				stub(HttpServletResponse.class));
		this.recorder.beginSegment("bench");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.recorder.endSegment();
		this.recorder.close();
	}

	@Benchmark
	public Observation serverObservation() {
		Observation observation = Observation.createNotStarted("http.server.requests", () -> this.context,
				this.registry);
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			return observation;
		}
		finally {
			observation.stop();
		}
	}

	/** An instance whose methods all return {@code null}: the context only holds it. */
	private static <T> T stub(Class<T> type) {
		return type.cast(Proxy.newProxyInstance(ObservationBenchmarks.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> null));
	}

	/** A handler that takes every observation and does nothing. */
	static final class Counting implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
