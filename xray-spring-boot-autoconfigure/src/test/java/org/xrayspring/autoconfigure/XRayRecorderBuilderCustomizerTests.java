package org.xrayspring.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XRayRecorderBuilderCustomizer} beans shape the auto-configured recorder.
 */
class XRayRecorderBuilderCustomizerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class))
		.withPropertyValues("xray.sampling.rate=1", "xray.service-version=1.0", "xray.aws.environment=none")
		.withBean(Emitter.class, InMemoryEmitter::new);

	@Test
	void customizersApplyInOrderAfterTheProperties() {
		this.runner.withUserConfiguration(OrderedCustomizers.class).run((context) -> {
			assertThat(context.getBean(OrderedCustomizers.class).applied).containsExactly("first", "second");
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			recorder.beginSegment("svc");
			for (int i = 0; i < 3; i++) {
				recorder.beginSubsegment("streamed").end();
			}
			recorder.endSegment();
			List<JsonNode> documents = ((InMemoryEmitter) context.getBean(Emitter.class)).validDocuments();
			assertThat(documents).hasSizeGreaterThan(1);
			JsonNode segment = documents.get(documents.size() - 1);
			assertThat(segment.path("origin").asString()).as("the later customizer wins")
				.isEqualTo("AWS::ECS::Container");
			assertThat(segment.path("service").path("version").asString()).as("over the property too").isEqualTo("2.0");
			assertThat(documents.get(0).path("name").asString()).as("streamed early: a setting no property has")
				.isEqualTo("streamed");
			assertThat(recorder.counters().get("subsegments.streamed")).isPositive();
		});
	}

	@Test
	void withoutCustomizersThePropertiesDecide() {
		this.runner.run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			recorder.beginSegment("svc");
			for (int i = 0; i < 3; i++) {
				recorder.beginSubsegment("kept").end();
			}
			recorder.endSegment();
			List<JsonNode> documents = ((InMemoryEmitter) context.getBean(Emitter.class)).validDocuments();
			assertThat(documents).singleElement().satisfies((segment) -> {
				assertThat(segment.has("origin")).isFalse();
				assertThat(segment.path("service").path("version").asString()).isEqualTo("1.0");
				assertThat(segment.path("subsegments")).hasSize(3);
			});
		});
	}

	@Test
	void aCustomizerDoesNotApplyToARecorderBeanOfTheApplication() {
		XRayRecorder own = XRayRecorder.builder().build();
		this.runner.withUserConfiguration(OrderedCustomizers.class)
			.withBean("ownRecorder", XRayRecorder.class, () -> own)
			.run((context) -> {
				assertThat(context).getBean(XRayRecorder.class).isSameAs(own);
				assertThat(context.getBean(OrderedCustomizers.class).applied).isEmpty();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		final List<String> applied = new CopyOnWriteArrayList<>();

		// declared in the reverse of their order: the order, not the declaration, decides
		@Bean
		@Order(2)
		XRayRecorderBuilderCustomizer second() {
			return (builder) -> {
				this.applied.add("second");
				builder.origin("AWS::ECS::Container").serviceVersion("2.0");
			};
		}

		@Bean
		@Order(1)
		XRayRecorderBuilderCustomizer first() {
			return (builder) -> {
				this.applied.add("first");
				builder.origin("AWS::EC2::Instance").streamingThreshold(1);
			};
		}

	}

}
