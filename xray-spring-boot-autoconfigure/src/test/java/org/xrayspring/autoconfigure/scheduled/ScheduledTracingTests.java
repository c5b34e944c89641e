package org.xrayspring.autoconfigure.scheduled;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.async.XRayContextPropagationAutoConfiguration;
import org.xrayspring.autoconfigure.capture.XRayCaptureAutoConfiguration;
import org.xrayspring.autoconfigure.jdbc.XRayJdbcAutoConfiguration;
import org.xrayspring.autoconfigure.observation.XRayObservationAutoConfiguration;
import org.xrayspring.autoconfigure.observation.XRayObservationHandler;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * Real {@code @EnableScheduling} applications whose {@code @Scheduled} methods (fixed
 * rate, fixed delay, cron) run on Boot's {@code taskScheduler} or on one of the
 * application's own: each run is a segment of its own with what it did nested under it.
 */
class ScheduledTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, ObservationAutoConfiguration.class,
				ScheduledTasksObservationAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
				DataSourceAutoConfiguration.class, XRayJdbcAutoConfiguration.class, XRayCaptureAutoConfiguration.class,
				XRayContextPropagationAutoConfiguration.class, XRayObservationAutoConfiguration.class,
				XRayScheduledAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new)
		.withBean(RunLog.class, RunLog::new)
		.withPropertyValues("spring.application.name=jobs",
				"spring.datasource.url=jdbc:h2:mem:scheduled;DB_CLOSE_DELAY=-1", "xray.sampling.centralized=false",
				"xray.sampling.fixed-target=1000", "xray.sampling.rate=1");

	@Test
	void eachRunOfEveryKindOfJobIsASegmentOfItsOwn() {
		this.runner.withUserConfiguration(ReportJobsConfiguration.class).run((context) -> {
			InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
			RunLog log = context.getBean(RunLog.class);
			List<Run> rate = firstRuns(log, "ReportJobs.rate", 3);
			List<Run> delay = firstRuns(log, "ReportJobs.delay", 3);
			List<Run> cron = firstRuns(log, "ReportJobs.cron", 2);
			for (List<Run> runs : List.of(rate, delay, cron)) {
				awaitEmittedOnce(emitter, runs);
				// Boot's scheduler ran them
				assertThat(runs).allSatisfy((run) -> assertThat(run.thread()).startsWith("scheduling-"));
			}
			RecordedTraces traces = emitter.traces();
			for (Run run : rate) {
				RecordedEntity segment = segmentOf(traces, run);
				assertJob(traces, segment, "ReportJobs", "rate");
				// the statement nests under the run's segment
				List<RecordedEntity> children = traces.children(segment);
				assertThat(children).hasSize(1);
				assertThat(children.get(0).isSql()).isTrue();
			}
			for (Run run : delay) {
				RecordedEntity segment = segmentOf(traces, run);
				assertJob(traces, segment, "ReportJobs", "delay");
				assertThat(segment, traces).hasSubsegmentCount(1).hasChildNamed("Steps.step");
			}
			for (Run run : cron) {
				assertJob(traces, segmentOf(traces, run), "ReportJobs", "cron");
				assertThat(segmentOf(traces, run), traces).hasSubsegmentCount(0);
			}
			// one trace per run
			Set<String> traceIds = new HashSet<>();
			for (List<Run> runs : List.of(rate, delay, cron)) {
				runs.forEach((run) -> traceIds.add(run.traceId()));
			}
			assertThat(traceIds).hasSize(8);
			// every segment emitted is one of the runs: no run has two
			RecordedTraces all = emitter.traces();
			Set<String> runSegments = log.segmentIds();
			assertThat(all.segments()).isNotEmpty()
				.allSatisfy((segment) -> assertThat(runSegments).contains(segment.id()));
			// the scheduled-task observation is not recorded a second time
			assertThat(context).hasSingleBean(XRayObservationHandler.class);
			assertThat(all.entities()).noneMatch((entity) -> entity.name().startsWith("task "));
		});
	}

	@Test
	void aThrowingJobIsAFaultWithItsCauseAndTheSchedulerKeepsRunningIt() {
		this.runner.withUserConfiguration(FailingJobsConfiguration.class).run((context) -> {
			InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
			FailingJobs jobs = context.getBean(FailingJobs.class);
			List<Run> runs = firstRuns(context.getBean(RunLog.class), "FailingJobs.fail", 3);
			awaitEmittedOnce(emitter, runs);
			// the scheduler's error handler saw each exception, unchanged
			await().atMost(WAIT).until(() -> jobs.handled.size() >= 3);
			RecordedTraces traces = emitter.traces();
			for (int i = 0; i < runs.size(); i++) {
				RecordedEntity segment = segmentOf(traces, runs.get(i));
				assertJob(traces, segment, "FailingJobs", "fail");
				assertThat(segment, traces).isFault().isNotError().hasException(IllegalStateException.class);
				JsonNode exception = segment.json().path("cause").path("exceptions").get(0);
				assertThat(exception.path("message").asString()).isEqualTo("run " + (i + 1));
				assertThat(jobs.handled.get(i)).isInstanceOf(IllegalStateException.class).hasMessage("run " + (i + 1));
			}
		});
	}

	@Test
	void samplingRulesDecideForScheduledJobs() {
		this.runner.withUserConfiguration(ReportJobsConfiguration.class, QuietJobsConfiguration.class)
			.withPropertyValues("xray.sampling.rules=classpath:sampling/scheduled-rules.json")
			.run((context) -> {
				InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
				RunLog log = context.getBean(RunLog.class);
				List<Run> quiet = firstRuns(log, "QuietJobs.poll", 3);
				// the GET rule that samples none does not apply to scheduled jobs
				List<Run> rate = firstRuns(log, "ReportJobs.rate", 3);
				awaitEmittedOnce(emitter, rate);
				// a quiet run had a segment, not sampled, and its statement recorded
				// nothing
				assertThat(quiet).allSatisfy((run) -> {
					assertThat(run.segmentId()).isNotNull();
					assertThat(run.sampled()).isFalse();
				});
				Set<String> quietTraces = new HashSet<>();
				quiet.forEach((run) -> quietTraces.add(run.traceId()));
				RecordedTraces traces = emitter.traces();
				assertThat(traces.traceIds()).doesNotContainAnyElementsOf(quietTraces);
				assertThat(traces.segments()).noneMatch((segment) -> segment.json().toString().contains("QuietJobs"));
			});
	}

	@Test
	void aPeriodicTaskStartedWithinARequestDoesNotJoinItsTrace() {
		this.runner.withUserConfiguration(LazyJobsConfiguration.class).run((context) -> {
			InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			// as the servlet filter does for a request: the request's segment is current
			// while the lazy bean is created, and so its job scheduled
			Segment request = recorder.beginSegment("request");
			List<Run> runs;
			try {
				context.getBean(LazyJobs.class);
				runs = firstRuns(context.getBean(RunLog.class), "LazyJobs.refresh", 3);
			}
			finally {
				recorder.endSegment();
			}
			awaitEmittedOnce(emitter, runs);
			RecordedTraces traces = emitter.traces();
			RecordedEntity requestSegment = traces.get(request.getId()).orElseThrow();
			assertThat(traces.children(requestSegment)).isEmpty();
			Set<String> traceIds = new HashSet<>();
			for (Run run : runs) {
				assertThat(run.traceId()).isNotEqualTo(request.getTraceId());
				traceIds.add(run.traceId());
				RecordedEntity segment = segmentOf(traces, run);
				assertJob(traces, segment, "LazyJobs", "refresh");
				assertThat(segment.parentId()).isNull();
				assertThat(segment, traces).hasChildNamed("Steps.step");
			}
			assertThat(traceIds).hasSize(3);
		});
	}

	@Test
	void anApplicationsOwnTaskSchedulerIsCoveredToo() {
		this.runner.withUserConfiguration(ReportJobsConfiguration.class, OwnSchedulerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(ThreadPoolTaskScheduler.class);
				assertThat(context).doesNotHaveBean("taskScheduler");
				InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
				List<Run> runs = firstRuns(context.getBean(RunLog.class), "ReportJobs.delay", 3);
				assertThat(runs).allSatisfy((run) -> assertThat(run.thread()).startsWith("mine-"));
				awaitEmittedOnce(emitter, runs);
				RecordedTraces traces = emitter.traces();
				for (Run run : runs) {
					RecordedEntity segment = segmentOf(traces, run);
					assertJob(traces, segment, "ReportJobs", "delay");
					assertThat(segment, traces).hasChildNamed("Steps.step");
				}
			});
	}

	@Test
	void withoutBootsObservationSupportSchedulingIsGivenARegistryOfItsOwn() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
					XRayCaptureAutoConfiguration.class, XRayScheduledAutoConfiguration.class))
			.withBean(Emitter.class, InMemoryEmitter::new)
			.withBean(RunLog.class, RunLog::new)
			.withUserConfiguration(LazyJobsConfiguration.class)
			.withPropertyValues("spring.application.name=jobs", "xray.sampling.centralized=false",
					"xray.sampling.fixed-target=1000", "xray.sampling.rate=1")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(io.micrometer.observation.ObservationRegistry.class);
				context.getBean(LazyJobs.class);
				List<Run> runs = firstRuns(context.getBean(RunLog.class), "LazyJobs.refresh", 3);
				InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
				awaitEmittedOnce(emitter, runs);
				RecordedTraces traces = emitter.traces();
				for (Run run : runs) {
					RecordedEntity segment = segmentOf(traces, run);
					assertJob(traces, segment, "LazyJobs", "refresh");
					assertThat(segment, traces).hasChildNamed("Steps.step");
				}
			});
	}

	@Test
	void bootsRegistryIsTheOneSchedulingUses() {
		this.runner.withUserConfiguration(ReportJobsConfiguration.class)
			.withBean("scheduledContexts", ScheduledContexts.class, ScheduledContexts::new)
			.run((context) -> {
				firstRuns(context.getBean(RunLog.class), "ReportJobs.rate", 3);
				// another handler of the application's registry sees the runs too
				ScheduledContexts contexts = context.getBean(ScheduledContexts.class);
				await().atMost(WAIT).until(() -> contexts.started.get() >= 3);
			});
	}

	@Test
	void switchedOffNothingIsRecorded() {
		this.runner.withUserConfiguration(ReportJobsConfiguration.class)
			.withPropertyValues("xray.instrumentation.scheduled.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(XRayScheduledTaskHandler.class);
				List<Run> runs = firstRuns(context.getBean(RunLog.class), "ReportJobs.rate", 3);
				firstRuns(context.getBean(RunLog.class), "ReportJobs.delay", 3);
				assertThat(runs).allSatisfy((run) -> assertThat(run.segmentId()).isNull());
				assertThat(context.getBean(InMemoryEmitter.class)).isEmpty();
			});
	}

	@Test
	void runsWhoseObservationIsTurnedOffAreNotRecorded() {
		this.runner.withUserConfiguration(ReportJobsConfiguration.class)
			.withPropertyValues("management.observations.enable.tasks.scheduled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(XRayScheduledTaskHandler.class);
				List<Run> runs = firstRuns(context.getBean(RunLog.class), "ReportJobs.rate", 3);
				assertThat(runs).allSatisfy((run) -> assertThat(run.segmentId()).isNull());
				assertThat(context.getBean(InMemoryEmitter.class)).isEmpty();
			});
	}

	@Test
	void backsOffWhenXRayIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayScheduledTaskHandler.class));
	}

	@Test
	void anApplicationsOwnHandlerWins() {
		XRayScheduledTaskHandler mine = new XRayScheduledTaskHandler(XRayRecorder.builder().build(), "mine");
		this.runner.withBean("myHandler", XRayScheduledTaskHandler.class, () -> mine).run((context) -> {
			assertThat(context).hasSingleBean(XRayScheduledTaskHandler.class);
			assertThat(context.getBean(XRayScheduledTaskHandler.class)).isSameAs(mine);
		});
	}

	private static List<Run> firstRuns(RunLog log, String job, int count) {
		await().atMost(WAIT).until(() -> log.of(job).size() >= count);
		return log.of(job).subList(0, count);
	}

	/** Waits until each run's segment has been emitted, and checks it was once. */
	private static void awaitEmittedOnce(InMemoryEmitter emitter, List<Run> runs) {
		await().atMost(WAIT).untilAsserted(() -> {
			List<JsonNode> documents = emitter.validDocuments();
			for (Run run : runs) {
				assertThat(
						documents.stream().filter((document) -> document.path("id").asString().equals(run.segmentId())))
					.as("documents of the segment of %s", run)
					.hasSize(1);
			}
		});
	}

	private static RecordedEntity segmentOf(RecordedTraces traces, Run run) {
		RecordedEntity segment = traces.get(run.segmentId()).orElseThrow();
		assertThat(segment.traceId()).isEqualTo(run.traceId());
		return segment;
	}

	private static void assertJob(RecordedTraces traces, RecordedEntity segment, String type, String method) {
		assertThat(segment, traces).isSegment()
			.hasName("jobs")
			.hasAnnotation("scheduled_method", type + "." + method)
			.hasMetadata("scheduled", "method", method)
			.hasMetadata("scheduled", "class", ScheduledTracingTests.class.getName() + "$" + type);
	}

	/**
	 * What a run saw: its thread and the segment current on it.
	 */
	record Run(String job, String thread, @Nullable String segmentId, @Nullable String traceId, boolean sampled) {
	}

	static class RunLog {

		private final List<Run> runs = new CopyOnWriteArrayList<>();

		void record(String job, XRayRecorder recorder) {
			Segment segment = recorder.getCurrentSegment();
			this.runs.add(new Run(job, Thread.currentThread().getName(), (segment != null) ? segment.getId() : null,
					(segment != null) ? segment.getTraceId() : null, segment != null && segment.isSampled()));
		}

		List<Run> of(String job) {
			return this.runs.stream().filter((run) -> run.job().equals(job)).toList();
		}

		Set<String> segmentIds() {
			Set<String> ids = new HashSet<>();
			this.runs.forEach((run) -> ids.add(run.segmentId()));
			return ids;
		}

	}

	static class Steps {

		@XRayCapture
		public void step() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class ReportJobsConfiguration {

		@Bean
		Steps steps() {
			return new Steps();
		}

		@Bean
		ReportJobs reportJobs(XRayRecorder recorder, RunLog log, DataSource dataSource, Steps steps) {
			return new ReportJobs(recorder, log, dataSource, steps);
		}

	}

	static class ReportJobs {

		private final XRayRecorder recorder;

		private final RunLog log;

		private final DataSource dataSource;

		private final Steps steps;

		ReportJobs(XRayRecorder recorder, RunLog log, DataSource dataSource, Steps steps) {
			this.recorder = recorder;
			this.log = log;
			this.dataSource = dataSource;
			this.steps = steps;
		}

		@Scheduled(fixedRate = 40)
		void rate() throws SQLException {
			this.log.record("ReportJobs.rate", this.recorder);
			try (Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
			}
		}

		@Scheduled(fixedDelay = 40)
		void delay() {
			this.log.record("ReportJobs.delay", this.recorder);
			this.steps.step();
		}

		@Scheduled(cron = "* * * * * *")
		void cron() {
			this.log.record("ReportJobs.cron", this.recorder);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class QuietJobsConfiguration {

		@Bean
		QuietJobs quietJobs(XRayRecorder recorder, RunLog log, DataSource dataSource) {
			return new QuietJobs(recorder, log, dataSource);
		}

	}

	static class QuietJobs {

		private final XRayRecorder recorder;

		private final RunLog log;

		private final DataSource dataSource;

		QuietJobs(XRayRecorder recorder, RunLog log, DataSource dataSource) {
			this.recorder = recorder;
			this.log = log;
			this.dataSource = dataSource;
		}

		@Scheduled(fixedRate = 40)
		void poll() throws SQLException {
			this.log.record("QuietJobs.poll", this.recorder);
			try (Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SELECT 1");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class FailingJobsConfiguration {

		@Bean
		FailingJobs failingJobs(XRayRecorder recorder, RunLog log) {
			return new FailingJobs(recorder, log);
		}

		@Bean
		ThreadPoolTaskSchedulerCustomizer errorRecordingScheduler(FailingJobs jobs) {
			return (scheduler) -> scheduler.setErrorHandler(jobs.handled::add);
		}

	}

	static class FailingJobs {

		final List<Throwable> handled = new CopyOnWriteArrayList<>();

		private final AtomicInteger count = new AtomicInteger();

		private final XRayRecorder recorder;

		private final RunLog log;

		FailingJobs(XRayRecorder recorder, RunLog log) {
			this.recorder = recorder;
			this.log = log;
		}

		@Scheduled(fixedDelay = 40)
		void fail() {
			int run = this.count.incrementAndGet();
			this.log.record("FailingJobs.fail", this.recorder);
			throw new IllegalStateException("run " + run);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class LazyJobsConfiguration {

		@Bean
		Steps steps() {
			return new Steps();
		}

		@Bean
		@Lazy
		LazyJobs lazyJobs(XRayRecorder recorder, RunLog log, Steps steps) {
			return new LazyJobs(recorder, log, steps);
		}

	}

	static class LazyJobs {

		private final XRayRecorder recorder;

		private final RunLog log;

		private final Steps steps;

		LazyJobs(XRayRecorder recorder, RunLog log, Steps steps) {
			this.recorder = recorder;
			this.log = log;
			this.steps = steps;
		}

		@Scheduled(fixedRate = 40)
		void refresh() {
			this.log.record("LazyJobs.refresh", this.recorder);
			this.steps.step();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler myScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("mine-");
			return scheduler;
		}

	}

	static class ScheduledContexts implements ObservationHandler<ScheduledTaskObservationContext> {

		final AtomicInteger started = new AtomicInteger();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ScheduledTaskObservationContext;
		}

		@Override
		public void onStart(ScheduledTaskObservationContext context) {
			this.started.incrementAndGet();
		}

	}

}
