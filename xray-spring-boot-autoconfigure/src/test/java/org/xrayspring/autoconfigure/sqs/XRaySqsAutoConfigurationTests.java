package org.xrayspring.autoconfigure.sqs;

import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.test.InMemoryEmitter;

import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

class XRaySqsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRaySqsAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new);

	@AfterEach
	void nothingLeftActive() {
		assertThat(XRaySqsReceiveInterceptor.isActive()).isFalse();
	}

	@Test
	void providesTheConsumerApiAndTheListenerInterceptorWhileTheContextRuns() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XRaySqsMessages.class).hasSingleBean(XRaySqsListenerInterceptor.class);
			assertThat(context.getBean(XRaySqsMessages.class).getSegmentName()).isEqualTo("application");
			assertThat(XRaySqsReceiveInterceptor.isActive()).isTrue();
		});
	}

	@Test
	void segmentsAreNamedAfterTheServiceAsTheServletSegments() {
		this.runner.withPropertyValues("spring.application.name=orders")
			.run((context) -> assertThat(context.getBean(XRaySqsMessages.class).getSegmentName()).isEqualTo("orders"));
		this.runner.withPropertyValues("spring.application.name=orders", "xray.service-name=Orders API")
			.run((context) -> assertThat(context.getBean(XRaySqsMessages.class).getSegmentName())
				.isEqualTo("Orders API"));
	}

	@Test
	void switchedOffProvidesNothing() {
		this.runner.withPropertyValues("xray.instrumentation.sqs.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRaySqsMessages.class)
				.doesNotHaveBean(XRaySqsListenerInterceptor.class);
			assertThat(XRaySqsReceiveInterceptor.isActive()).isFalse();
		});
	}

	@Test
	void tracingOffProvidesNothing() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRaySqsMessages.class));
	}

	@Test
	void withoutSpringCloudAwsOnlyTheConsumerApi() {
		this.runner.withClassLoader(new FilteredClassLoader(MessageInterceptor.class)).run((context) -> {
			assertThat(context).hasSingleBean(XRaySqsMessages.class).doesNotHaveBean(XRaySqsListenerInterceptor.class);
		});
	}

	@Test
	void withoutTheSqsClientNothing() {
		this.runner.withClassLoader(new FilteredClassLoader(Message.class))
			.run((context) -> assertThat(context).doesNotHaveBean(XRaySqsMessages.class));
	}

	@Test
	void listenerExceptionIsUnwrappedFromTheContainersWrappers() {
		IllegalStateException cause = new IllegalStateException("app");
		Throwable wrapped = new java.util.concurrent.CompletionException(
				new io.awspring.cloud.sqs.listener.ListenerExecutionFailedException("failed", cause,
						org.springframework.messaging.support.MessageBuilder.withPayload("x").build()));
		assertThat(XRaySqsListenerInterceptor.unwrap(wrapped)).isSameAs(cause);
		RuntimeException own = new RuntimeException("own", cause);
		assertThat(XRaySqsListenerInterceptor.unwrap(own)).isSameAs(own);
	}

}
