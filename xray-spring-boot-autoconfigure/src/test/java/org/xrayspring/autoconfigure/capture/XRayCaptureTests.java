package org.xrayspring.autoconfigure.capture;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@code @XRayCapture} in a real application context, in each way an
 * application's AOP may be set up: without the AspectJ weaver and without Boot's AOP
 * auto-configuration (only the starter), without the weaver but with Boot's AOP
 * auto-configuration (its class-proxying auto-proxy creator), and with both (AspectJ
 * auto-proxying); and for the recorder bean's programmatic API.
 */
class XRayCaptureTests {

	@ParameterizedTest
	@EnumSource
	void annotatedMethodsAndTypesAreNestedSubsegments(AopSetup setup) {
		setup.runner().run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			OrderService orders = context.getBean(OrderService.class);
			Segment segment = recorder.beginSegment("capture-test");
			assertThat(orders.place("book")).isEqualTo("placed book, priced 42");
			recorder.endSegment();

			List<JsonNode> documents = context.getBean(InMemoryEmitter.class).validDocuments();
			assertThat(documents).hasSize(1);
			JsonNode root = documents.get(0);
			assertThat(root.path("id").asString()).isEqualTo(segment.getId());
			JsonNode place = root.path("subsegments").get(0);
			assertThat(place.path("name").asString()).isEqualTo("OrderService.place");
			// the type-level annotation names every method of PricingService, an explicit
			// name wins
			List<String> children = place.path("subsegments")
				.valueStream()
				.map((node) -> node.path("name").asString())
				.toList();
			assertThat(children).containsExactly("PricingService.price", "tax-lookup");
			assertThat(XRayDocuments.entities(root)).hasSize(4);
		});
	}

	@ParameterizedTest
	@EnumSource
	void exceptionIsRecordedAndRethrown(AopSetup setup) {
		setup.runner().run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			OrderService orders = context.getBean(OrderService.class);
			recorder.beginSegment("capture-test");
			assertThatIllegalStateException().isThrownBy(orders::fail).withMessage("out of stock");
			recorder.endSegment();
			JsonNode root = context.getBean(InMemoryEmitter.class).validDocuments().get(0);
			JsonNode failed = XRayDocuments.named(root, "order-failure").get(0);
			assertThat(failed.path("fault").asBoolean()).isTrue();
			JsonNode exception = failed.path("cause").path("exceptions").get(0);
			assertThat(exception.path("message").asString()).isEqualTo("out of stock");
			assertThat(exception.path("type").asString()).contains("IllegalStateException");
		});
	}

	@ParameterizedTest
	@EnumSource
	void outsideATraceTheMethodJustRuns(AopSetup setup) {
		setup.runner().withPropertyValues("xray.context-missing=fail").run((context) -> {
			OrderService orders = context.getBean(OrderService.class);
			assertThat(orders.place("pen")).isEqualTo("placed pen, priced 42");
			assertThat(context.getBean(InMemoryEmitter.class).documents()).isEmpty();
			assertThat(context.getBean(XRayRecorder.class).counters().get("context.missing")).isZero();
		});
	}

	@Test
	void recorderBeanOffersAProgrammaticApi() {
		AopSetup.STARTER_ONLY.runner().run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment segment = recorder.beginSegment("programmatic");
			assertThat(recorder.getCurrentTraceId()).isEqualTo(segment.getTraceId())
				.matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
			String result = recorder.inSubsegment("block", () -> {
				assertThat(recorder.putAnnotation("order_id", "A-17")).isTrue();
				assertThat(recorder.putMetadata("shop", "basket", List.of("book", "pen"))).isTrue();
				return "done";
			});
			assertThat(result).isEqualTo("done");
			assertThat(recorder.putAnnotation("customer_tier", 3)).isTrue();
			recorder.endSegment();
			assertThat(recorder.getCurrentTraceId()).isNull();

			JsonNode root = context.getBean(InMemoryEmitter.class).validDocuments().get(0);
			assertThat(root.path("annotations").path("customer_tier").asInt()).isEqualTo(3);
			JsonNode block = XRayDocuments.named(root, "block").get(0);
			assertThat(block.path("annotations").path("order_id").asString()).isEqualTo("A-17");
			assertThat(block.path("metadata").path("shop").path("basket").get(1).asString()).isEqualTo("pen");
		});
	}

	@Test
	void programmaticApiAppliesContextMissingOutsideATrace() {
		AopSetup.STARTER_ONLY.runner().withPropertyValues("xray.context-missing=fail").run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			assertThat(recorder.getCurrentTraceId()).isNull();
			assertThatIllegalStateException().isThrownBy(() -> recorder.inSubsegment("block", () -> "x"));
		});
	}

	/**
	 * The ways an application's AOP may be set up.
	 */
	enum AopSetup {

		/** Only what the starter brings: no AspectJ weaver, no auto-proxy creator. */
		STARTER_ONLY(new FilteredClassLoader("org.aspectj")),

		/**
		 * Boot's AOP auto-configuration without the weaver: its infrastructure auto-proxy
		 * creator.
		 */
		BOOT_AOP_WITHOUT_WEAVER(new FilteredClassLoader("org.aspectj"), AopAutoConfiguration.class),

		/** spring-boot-starter-aspectj: Boot's AspectJ auto-proxying. */
		ASPECTJ(null, AopAutoConfiguration.class);

		private final ClassLoader classLoader;

		private final Class<?>[] configurations;

		AopSetup(ClassLoader classLoader, Class<?>... configurations) {
			this.classLoader = classLoader;
			this.configurations = configurations;
		}

		ApplicationContextRunner runner() {
			ApplicationContextRunner runner = new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(XRayAutoConfiguration.class, XRayCaptureAutoConfiguration.class))
				.withConfiguration(AutoConfigurations.of(this.configurations))
				.withBean(Emitter.class, InMemoryEmitter::new)
				.withUserConfiguration(ServicesConfiguration.class)
				.withPropertyValues("xray.sampling.rate=1");
			return (this.classLoader != null) ? runner.withClassLoader(this.classLoader) : runner;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServicesConfiguration {

		@Bean
		PricingService pricingService() {
			return new PricingService();
		}

		@Bean
		OrderService orderService(PricingService pricing) {
			return new OrderService(pricing);
		}

	}

	// public: without the weaver the tests run in a FilteredClassLoader, where class
	// proxies of package-private
	// classes cannot be defined (an application's own class loader has no such problem)
	public static class OrderService {

		private final PricingService pricing;

		public OrderService(PricingService pricing) {
			this.pricing = pricing;
		}

		@XRayCapture
		public String place(String item) {
			return "placed " + item + ", priced " + (this.pricing.price(item) + this.pricing.tax(item));
		}

		@XRayCapture(name = "order-failure")
		public String fail() {
			throw new IllegalStateException("out of stock");
		}

	}

	@XRayCapture
	public static class PricingService {

		public int price(String item) {
			return 40;
		}

		@XRayCapture("tax-lookup")
		public int tax(String item) {
			return 2;
		}

	}

}
