package org.xrayspring.autoconfigure.capture;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.async.XRayContextPropagationAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code @XRayCapture} shares proxies with the rest of the application: never a
 * second proxy, never a method advised twice, in the right place among other advice.
 */
class XRayCaptureProxyingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayCaptureAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new)
		.withPropertyValues("xray.sampling.rate=1");

	@Test
	void beanWithAnApplicationAspectGetsOneProxyAdvisedOnce() {
		this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
			.withUserConfiguration(AspectConfiguration.class)
			.run((context) -> {
				Audited audited = context.getBean(Audited.class);
				assertOneProxyWithTheAdvisorOnce(audited);
				List<String> names = capture(context, audited::work);
				assertThat(names).containsExactly("Audited.work");
				assertThat(context.getBean(CountingAspect.class).calls.get()).isEqualTo(1);
			});
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void interfaceAndImplementationBothAnnotatedAreRecordedOnceNamedByTheMostSpecificMethod(boolean classProxies) {
		this.runner.withPropertyValues("spring.aop.proxy-target-class=" + classProxies)
			.withBean("greeter", Greeter.class, GreeterImpl::new)
			.run((context) -> {
				Greeter greeter = context.getBean(Greeter.class);
				assertThat(AopUtils.isCglibProxy(greeter)).isEqualTo(classProxies);
				assertOneProxyWithTheAdvisorOnce(greeter);
				// the implementation's own annotation wins over the interface's
				assertThat(capture(context, () -> greeter.greet("ann"))).containsExactly("GreeterImpl.greet");
				// an annotated interface method wins over the implementation's type
				// annotation
				assertThat(capture(context, greeter::wave)).containsExactly("wave");
				if (classProxies) {
					// public methods declared in the annotated class, not in the
					// interface
					assertThat(capture(context, () -> ((GreeterImpl) greeter).nod()))
						.containsExactly("GreeterImpl.nod");
				}
				// nothing for toString, equals and hashCode, even in an annotated class
				assertThat(capture(context, greeter::toString)).isEmpty();
			});
	}

	@Test
	void beanThatIsAlreadyAProxyGetsTheAdvisorAddedOnce() {
		this.runner.withUserConfiguration(ProxiedBeansConfiguration.class).run((context) -> {
			Greeter greeter = context.getBean("proxiedGreeter", Greeter.class);
			assertOneProxyWithTheAdvisorOnce(greeter);
			assertThat(capture(context, greeter::wave)).containsExactly("wave");
			// the same proxy exposed a second time as another bean is not advised again
			assertThat(context.getBean("sameGreeterAgain")).isSameAs(greeter);
			assertOneProxyWithTheAdvisorOnce(greeter);
			assertThat(capture(context, greeter::wave)).containsExactly("wave");
		});
	}

	@Test
	void asyncCapturedMethodIsRecordedWhereItRuns() {
		this.runner
			.withConfiguration(AutoConfigurations.of(XRayContextPropagationAutoConfiguration.class,
					TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(AsyncConfiguration.class)
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
				SlowWork work = context.getBean(SlowWork.class);
				Segment segment = recorder.beginSegment("async-capture");
				CompletableFuture<String> result = work.run();
				assertThat(work.awaitStart()).isTrue();
				recorder.endSegment();
				// @Async's advice comes first: the subsegment is open on the executor's
				// thread, so the segment waits
				assertThat(emitter.documents()).isEmpty();
				work.release();
				assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("slow-work");
				JsonNode root = emitter.validDocuments().get(0);
				assertThat(root.path("id").asString()).isEqualTo(segment.getId());
				assertThat(root.path("subsegments")).hasSize(1);
				assertThat(root.path("subsegments").get(0).path("name").asString()).isEqualTo("slow-work");
			});
	}

	private static void assertOneProxyWithTheAdvisorOnce(Object bean) throws Exception {
		assertThat(AopUtils.isAopProxy(bean)).isTrue();
		Advised advised = (Advised) bean;
		assertThat(AopUtils.isAopProxy(advised.getTargetSource().getTarget())).isFalse();
		assertThat(Arrays.stream(advised.getAdvisors())
			.filter((advisor) -> advisor.getAdvice() instanceof XRayCaptureInterceptor)).hasSize(1);
	}

	/**
	 * Runs the call in a segment and returns the names of the subsegments it recorded.
	 */
	private static List<String> capture(ApplicationContext context, Runnable call) {
		XRayRecorder recorder = context.getBean(XRayRecorder.class);
		InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
		emitter.clear();
		recorder.beginSegment("proxying-test");
		try {
			call.run();
		}
		finally {
			recorder.endSegment();
		}
		JsonNode root = emitter.validDocuments().get(0);
		return XRayDocuments.entities(root)
			.stream()
			.filter((entity) -> entity != root)
			.map((entity) -> entity.path("name").asString())
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class AspectConfiguration {

		@Bean
		CountingAspect countingAspect() {
			return new CountingAspect();
		}

		@Bean
		Audited audited() {
			return new Audited();
		}

	}

	@Aspect
	static class CountingAspect {

		final AtomicInteger calls = new AtomicInteger();

		@Around("execution(* org.xrayspring.autoconfigure.capture.XRayCaptureProxyingTests.Audited.*(..))")
		Object count(ProceedingJoinPoint joinPoint) throws Throwable {
			this.calls.incrementAndGet();
			return joinPoint.proceed();
		}

	}

	static class Audited {

		@XRayCapture
		public void work() {
		}

	}

	public interface Greeter {

		@XRayCapture("greet-interface")
		String greet(String name);

		@XRayCapture("wave")
		String wave();

	}

	@XRayCapture
	public static class GreeterImpl implements Greeter {

		@Override
		@XRayCapture
		public String greet(String name) {
			return "hello " + name;
		}

		@Override
		public String wave() {
			return "wave";
		}

		public String nod() {
			return "nod";
		}

		@Override
		public String toString() {
			return "a greeter";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ProxiedBeansConfiguration {

		@Bean
		Greeter proxiedGreeter() {
			ProxyFactory factory = new ProxyFactory(new GreeterImpl());
			factory.addInterface(Greeter.class);
			factory.addAdvice((org.aopalliance.intercept.MethodInterceptor) (invocation) -> invocation.proceed());
			return (Greeter) factory.getProxy();
		}

		@Bean
		Object sameGreeterAgain(ApplicationContext context) {
			return context.getBean("proxiedGreeter");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		SlowWork slowWork() {
			return new SlowWork();
		}

	}

	public static class SlowWork {

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		@Async
		@XRayCapture("slow-work")
		public CompletableFuture<String> run() throws InterruptedException {
			this.started.countDown();
			this.released.await(10, TimeUnit.SECONDS);
			return CompletableFuture.completedFuture("slow-work");
		}

		public boolean awaitStart() throws InterruptedException {
			return this.started.await(10, TimeUnit.SECONDS);
		}

		public void release() {
			this.released.countDown();
		}

	}

}
