package org.xrayspring.autoconfigure.scheduled;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.ReflectionUtils;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * Tests for {@link XRayScheduledTaskHandler} with a real {@link ObservationRegistry} and
 * Spring's own {@link ScheduledMethodRunnable}, the runnable of every {@code @Scheduled}
 * method.
 */
class XRayScheduledTaskHandlerTests {

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	private final List<SamplingRequest> samplingRequests = new CopyOnWriteArrayList<>();

	private final XRayRecorder recorder = this.emitter.recorderBuilder().samplingStrategy(this::sample).build();

	private final ObservationRegistry registry = ObservationRegistry.create();

	XRayScheduledTaskHandlerTests() {
		this.registry.observationConfig().observationHandler(new XRayScheduledTaskHandler(this.recorder, "billing"));
	}

	private boolean sample(SamplingRequest request) {
		this.samplingRequests.add(request);
		return !request.path().startsWith("Quiet");
	}

	@AfterEach
	void close() {
		this.recorder.clearContext();
		this.recorder.close();
	}

	@Test
	void aRunIsASegmentCurrentWhileTheMethodRuns() {
		Jobs jobs = new Jobs(this.recorder);
		runnable(jobs, "refresh").run();
		assertThat(this.recorder.getCurrentEntity()).isNull();
		RecordedTraces traces = this.emitter.traces();
		RecordedEntity segment = traces.segments().get(0);
		assertThat(traces).hasTraceCount(1);
		assertThat(segment, traces).isSegment()
			.hasName("billing")
			.isNotFault()
			.hasAnnotation("scheduled_method", "Jobs.refresh")
			.hasMetadata("scheduled", "class", Jobs.class.getName())
			.hasMetadata("scheduled", "method", "refresh")
			.hasChildNamed("inside");
		assertThat(jobs.seen.get().getId()).isEqualTo(segment.id());
		assertThat(this.samplingRequests)
			.containsExactly(new SamplingRequest("", "SCHEDULED", "Jobs.refresh", "billing"));
	}

	@Test
	void anotherEntityCurrentOnTheThreadIsLeftAloneAndRestored() {
		Segment request = this.recorder.beginSegment("request");
		Jobs jobs = new Jobs(this.recorder);
		runnable(jobs, "refresh").run();
		assertThat(this.recorder.getCurrentEntity()).isSameAs(request);
		Entity seen = jobs.seen.get();
		assertThat(seen).isNotSameAs(request).isInstanceOf(Segment.class);
		assertThat(seen.getTraceId()).isNotEqualTo(request.getTraceId());
		this.recorder.endSegment();
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces).hasTraceCount(2);
		assertThat(traces.get(request.getId()).orElseThrow(), traces).hasSubsegmentCount(0);
		assertThat(traces.get(seen.getId()).orElseThrow(), traces).hasChildNamed("inside");
	}

	@Test
	void anExceptionIsTheFaultAndPassesThroughUnchanged() {
		Jobs jobs = new Jobs(this.recorder);
		assertThatIllegalStateException().isThrownBy(runnable(jobs, "fail")::run)
			.isSameAs(jobs.thrown)
			.withMessage("no invoices");
		assertThat(this.recorder.getCurrentEntity()).isNull();
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments().get(0), traces).isFault().hasException(IllegalStateException.class);
		JsonNode exception = traces.segments().get(0).json().path("cause").path("exceptions").get(0);
		assertThat(exception.path("message").asString()).isEqualTo("no invoices");
	}

	@Test
	void anUnsampledRunIsCurrentButEmitsNothing() {
		QuietJobs jobs = new QuietJobs(this.recorder);
		runnable(jobs, "refresh").run();
		assertThat(jobs.seen.get()).isNotNull();
		assertThat(jobs.seen.get().isSampled()).isFalse();
		assertThat(this.emitter.documents()).isEmpty();
		assertThat(this.samplingRequests).extracting(SamplingRequest::path).containsExactly("QuietJobs.refresh");
	}

	@Test
	void scopesOnOtherThreadsAsForAReactiveJobAndOneEnd() throws Exception {
		Method method = ReflectionUtils.findMethod(Jobs.class, "refresh");
		ScheduledTaskObservationContext context = new ScheduledTaskObservationContext(new Jobs(this.recorder), method);
		Observation observation = Observation.createNotStarted("tasks.scheduled.execution", () -> context,
				this.registry);
		// a reactive @Scheduled method: started on the scheduler's thread, no scope there
		observation.start();
		assertThat(this.recorder.getCurrentEntity()).isNull();
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			Entity[] during = pool.submit(() -> {
				Entity inScope;
				try (Observation.Scope scope = observation.openScope()) {
					inScope = this.recorder.getCurrentEntity();
					this.recorder.inSubsegment("on-another-thread", () -> {
					});
				}
				return new Entity[] { inScope, this.recorder.getCurrentEntity() };
			}).get();
			assertThat(during[0]).isInstanceOf(Segment.class);
			assertThat(during[1]).isNull();
			CompletableFuture.runAsync(observation::stop, pool).get();
			// stopping again (a cancellation after completion) ends nothing twice
			observation.stop();
		}
		finally {
			pool.shutdown();
		}
		List<JsonNode> documents = this.emitter.validDocuments();
		assertThat(documents).hasSize(1);
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments().get(0), traces).hasChildNamed("on-another-thread");
	}

	@Test
	void aProxiedJobIsNamedAfterItsInterface() {
		ProxyFactory factory = new ProxyFactory(new InvoiceJob());
		factory.addInterface(Job.class);
		Object proxy = factory.getProxy();
		new ScheduledMethodRunnable(proxy, ReflectionUtils.findMethod(Job.class, "run"), null, () -> this.registry)
			.run();
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments().get(0), traces).hasAnnotation("scheduled_method", "Job.run")
			.hasMetadata("scheduled", "class", Job.class.getName());
	}

	@Test
	void anAnonymousJobIsNamedAfterItsBinaryName() {
		Runnable anonymous = new Runnable() {

			@Override
			public void run() {
			}

		};
		new ScheduledMethodRunnable(anonymous, ReflectionUtils.findMethod(anonymous.getClass(), "run"), null,
				() -> this.registry)
			.run();
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces.segments().get(0), traces).hasAnnotation("scheduled_method",
				"XRayScheduledTaskHandlerTests.1.run");
	}

	private ScheduledMethodRunnable runnable(Object target, String method) {
		return new ScheduledMethodRunnable(target, ReflectionUtils.findMethod(target.getClass(), method), null,
				() -> this.registry);
	}

	static class Jobs {

		final AtomicReference<Entity> seen = new AtomicReference<>();

		final IllegalStateException thrown = new IllegalStateException("no invoices");

		private final XRayRecorder recorder;

		Jobs(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		void refresh() {
			this.seen.set(this.recorder.getCurrentEntity());
			Subsegment inside = this.recorder.beginSubsegment("inside");
			inside.end();
		}

		void fail() {
			throw this.thrown;
		}

	}

	static class QuietJobs {

		final AtomicReference<Entity> seen = new AtomicReference<>();

		private final XRayRecorder recorder;

		QuietJobs(XRayRecorder recorder) {
			this.recorder = recorder;
		}

		void refresh() {
			this.seen.set(this.recorder.getCurrentEntity());
			this.recorder.beginSubsegment("inside").end();
		}

	}

	interface Job {

		void run();

	}

	static class InvoiceJob implements Job {

		@Override
		public void run() {
		}

	}

}
