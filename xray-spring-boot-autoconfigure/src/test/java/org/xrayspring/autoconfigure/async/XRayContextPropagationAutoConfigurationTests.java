package org.xrayspring.autoconfigure.async;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class XRayContextPropagationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(XRayAutoConfiguration.class, XRayContextPropagationAutoConfiguration.class,
						TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new);

	@Test
	void registersAccessorWhileTheContextRuns() {
		AtomicReference<String> key = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			key.set(EntityContextKey.of(context.getBean(XRayRecorder.class)));
			assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).map(ThreadLocalAccessor::key)
				.containsOnlyOnce(key.get());
		});
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).map(ThreadLocalAccessor::key)
			.doesNotContain(key.get());
	}

	@Test
	void applicationTaskExecutorCarriesTheEntityAndNothingOutsideATrace() {
		this.contextRunner
			.withPropertyValues("spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1")
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor",
						ThreadPoolTaskExecutor.class);
				Segment segment = recorder.beginSegment("test");
				try {
					assertThat(CompletableFuture.supplyAsync(recorder::getCurrentEntity, executor).join())
						.isSameAs(segment);
				}
				finally {
					recorder.endSegment();
				}
				assertThat(CompletableFuture.supplyAsync(recorder::getCurrentEntity, executor).join()).isNull();
			});
	}

	@Test
	void composesWithTheApplicationsTaskDecorator() {
		this.contextRunner.withUserConfiguration(MarkingDecoratorConfiguration.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			assertPropagatesAndMarks(recorder, executor);
		});
	}

	@Test
	void executorsTheApplicationBuildsFromBootsBuildersCarryTheEntityAndItsDecorator() {
		this.contextRunner.withUserConfiguration(MarkingDecoratorConfiguration.class, BuiltExecutorsConfiguration.class)
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				assertPropagatesAndMarks(recorder, context.getBean("threadPool", ThreadPoolTaskExecutor.class));
				assertPropagatesAndMarks(recorder, context.getBean("simple", SimpleAsyncTaskExecutor.class));
			});
	}

	/**
	 * Spring has no getter for an executor's decorator, so one the application constructs
	 * itself keeps its own and nothing else (it is neither decorated nor proxied); its
	 * owner sets the X-Ray decorator where wanted.
	 */
	@Test
	void springExecutorsTheApplicationConstructsItselfAreLeftAlone() {
		this.contextRunner.withUserConfiguration(OwnThreadPoolConfiguration.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			ThreadPoolTaskExecutor own = context.getBean("ownExecutor", ThreadPoolTaskExecutor.class);
			assertThat(own).isExactlyInstanceOf(ThreadPoolTaskExecutor.class);
			recorder.beginSegment("test");
			try {
				assertThat(CompletableFuture
					.supplyAsync(() -> MarkingDecoratorConfiguration.MARK.get() + ":" + recorder.getCurrentEntity(),
							own)
					.join()).isEqualTo("marked:null");
			}
			finally {
				recorder.endSegment();
			}
		});
	}

	private static void assertPropagatesAndMarks(XRayRecorder recorder, AsyncTaskExecutor executor) {
		Segment segment = recorder.beginSegment("test");
		try {
			String seen = CompletableFuture
				.supplyAsync(() -> MarkingDecoratorConfiguration.MARK.get() + ":" + recorder.getCurrentEntity().getId(),
						executor)
				.join();
			assertThat(seen).isEqualTo("marked:" + segment.getId());
		}
		finally {
			recorder.endSegment();
		}
	}

	@Test
	void periodicTaskCarriesTheEntityOnlyOnItsFirstRun() {
		this.contextRunner.withUserConfiguration(SchedulerConfiguration.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			BlockingQueue<Optional<Entity>> seen = new LinkedBlockingQueue<>();
			Segment segment = recorder.beginSegment("test");
			ScheduledFuture<?> future;
			try {
				future = scheduler.scheduleAtFixedRate(() -> seen.add(Optional.ofNullable(recorder.getCurrentEntity())),
						Duration.ofMillis(10));
			}
			finally {
				recorder.endSegment();
			}
			try {
				assertThat(seen.poll(10, TimeUnit.SECONDS)).contains(segment);
				assertThat(seen.poll(10, TimeUnit.SECONDS)).isEmpty();
				assertThat(seen.poll(10, TimeUnit.SECONDS)).isEmpty();
			}
			finally {
				future.cancel(false);
			}
		});
	}

	@Test
	void wrapsExecutorServiceBeansDeclaredAsInterfaces() {
		this.contextRunner.withUserConfiguration(ExecutorServicesConfiguration.class).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			ExecutorService service = context.getBean("service", ExecutorService.class);
			ScheduledExecutorService scheduled = context.getBean("scheduled", ScheduledExecutorService.class);
			assertThat(service).isInstanceOf(ContextExecutorService.class);
			assertThat(scheduled).isNotInstanceOf(ContextExecutorService.class);
			assertThat(context.getBean("concrete")).isExactlyInstanceOf(ThreadPoolExecutor.class);
			Segment segment = recorder.beginSegment("test");
			try {
				assertThat(service.submit(recorder::getCurrentEntity).get()).isSameAs(segment);
			}
			finally {
				recorder.endSegment();
			}
			assertThat(service.submit(recorder::getCurrentEntity).get()).isNull();
		});
	}

	@Test
	void reactorPipelinesCarryTheEntityAcrossSchedulers() {
		this.contextRunner.run((context) -> {
			assertThat(Hooks.isAutomaticContextPropagationEnabled()).isTrue();
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment segment = recorder.beginSegment("test");
			try {
				Entity seen = Mono.just(1)
					.publishOn(Schedulers.parallel())
					.map((value) -> recorder.getCurrentEntity())
					.block();
				assertThat(seen).isSameAs(segment);
			}
			finally {
				recorder.endSegment();
			}
		});
	}

	@Test
	void backsOffWithoutContextPropagationAndSaysSo(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(EntityPropagation.class)
				.doesNotHaveBean(XRayTaskDecorator.class));
		assertThat(output)
			.contains("X-Ray thread hops are off: io.micrometer:context-propagation is not on the " + "class path");
	}

	@Test
	void saysNothingWithoutContextPropagationWhenDisabled(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ContextRegistry.class))
			.withPropertyValues("xray.instrumentation.async.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(EntityPropagation.class));
		assertThat(output).doesNotContain("X-Ray thread hops are off");
	}

	@Test
	void withoutReactorExecutorsAreStillDecorated() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Hooks.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(XRayTaskDecorator.class)
				.doesNotHaveBean(XRayContextPropagationAutoConfiguration.ReactorContextPropagation.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("xray.instrumentation.async.enabled=false")
			.withUserConfiguration(ExecutorServicesConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(XRayRecorder.class)
					.doesNotHaveBean(EntityPropagation.class)
					.doesNotHaveBean(XRayTaskDecorator.class)
					.doesNotHaveBean(ExecutorServicesBeanPostProcessor.class);
				assertThat(context.getBean("service")).isNotInstanceOf(ContextExecutorService.class);
			});
	}

	@Test
	void backsOffWhenXRayDisabled() {
		this.contextRunner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayRecorder.class)
				.doesNotHaveBean(EntityPropagation.class)
				.doesNotHaveBean(XRayTaskDecorator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class MarkingDecoratorConfiguration {

		static final ThreadLocal<String> MARK = ThreadLocal.withInitial(() -> "unmarked");

		@Bean
		TaskDecorator markingDecorator() {
			return MarkingDecoratorConfiguration::mark;
		}

		static Runnable mark(Runnable runnable) {
			return () -> {
				MARK.set("marked");
				try {
					runnable.run();
				}
				finally {
					MARK.remove();
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BuiltExecutorsConfiguration {

		@Bean
		ThreadPoolTaskExecutor threadPool(ThreadPoolTaskExecutorBuilder builder) {
			return builder.build();
		}

		@Bean
		SimpleAsyncTaskExecutor simple(SimpleAsyncTaskExecutorBuilder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnThreadPoolConfiguration {

		@Bean
		ThreadPoolTaskExecutor ownExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setTaskDecorator(MarkingDecoratorConfiguration::mark);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler scheduler(ThreadPoolTaskSchedulerBuilder builder) {
			return builder.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExecutorServicesConfiguration {

		@Bean
		ExecutorService service() {
			return Executors.newFixedThreadPool(1);
		}

		@Bean
		ScheduledExecutorService scheduled() {
			return Executors.newSingleThreadScheduledExecutor();
		}

		@Bean
		ThreadPoolExecutor concrete() {
			return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		}

	}

}
