package org.xrayspring.autoconfigure.jms;

import io.micrometer.jakarta9.instrument.jms.JmsPublishObservationContext;
import io.micrometer.observation.ObservationHandler;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jms.core.JmsTemplate;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.test.InMemoryEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the conditions of {@link XRayJmsAutoConfiguration}.
 */
class XRayJmsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayJmsAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new)
		.withPropertyValues("xray.sampling.centralized=false");

	@Test
	void handlesJmsObservationsOnly() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("xrayJmsObservationHandler").hasSingleBean(XRayJmsListenerErrorRecording.class);
			XRayMessagingObservationHandler handler = context.getBean("xrayJmsObservationHandler",
					XRayMessagingObservationHandler.class);
			Message message = null;
			assertThat(handler.supportsContext(new JmsPublishObservationContext(message))).isTrue();
			assertThat(handler.supportsContext(new io.micrometer.observation.Observation.Context())).isFalse();
		});
	}

	@Test
	void backsOffWithoutMicrometersJakartaInstrumentation() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.jakarta9"))
			.run((context) -> assertThat(context).doesNotHaveBean("xrayJmsObservationHandler")
				.doesNotHaveBean(XRayJmsListenerErrorRecording.class));
	}

	@Test
	void backsOffWithoutSpringJms() {
		this.runner.withClassLoader(new FilteredClassLoader(JmsTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean("xrayJmsObservationHandler"));
	}

	@Test
	void backsOffWithoutMicrometerObservation() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean("xrayJmsObservationHandler"));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("xray.instrumentation.jms.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("xrayJmsObservationHandler")
				.doesNotHaveBean(XRayJmsListenerErrorRecording.class));
	}

	@Test
	void backsOffWhenXRayIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("xrayJmsObservationHandler"));
	}

}
