package org.xrayspring.autoconfigure.awssdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.ContextMissingException;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

class XRayAwsSdkAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, XRayAwsSdkAutoConfiguration.class))
		.withPropertyValues("xray.sampling.fixed-target=100", "xray.sampling.rate=1")
		.withBean(Emitter.class, InMemoryEmitter::new);

	@AfterEach
	void nothingLeftInstalled() {
		assertThat(XRayAwsSdkInterceptor.installed()).isNull();
	}

	@Test
	void installsAnInterceptorWithTheContextsRecorderWhileTheContextRuns() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XRayAwsSdkInterceptor.class);
			XRayAwsSdkInterceptor interceptor = context.getBean(XRayAwsSdkInterceptor.class);
			assertThat(interceptor.getRecorder()).isSameAs(context.getBean(XRayRecorder.class));
			assertThat(XRayAwsSdkInterceptor.installed()).isSameAs(interceptor);
		});
	}

	@Test
	void handBuiltClientIsTracedWithTheContextsRecorder() throws Exception {
		try (LocalAwsEndpoint endpoint = LocalAwsEndpoint.start()) {
			this.runner.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				recorder.beginSegment("svc");
				try (RekognitionClient client = RekognitionClient.builder()
					.endpointOverride(endpoint.uri())
					.region(Region.US_EAST_1)
					.credentialsProvider(AnonymousCredentialsProvider.create())
					.httpClient(UrlConnectionHttpClient.create())
					.build()) {
					client.detectLabels((request) -> request.image(
							Image.builder().bytes(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x")).build()));
				}
				recorder.endSegment();
				InMemoryEmitter emitter = (InMemoryEmitter) context.getBean(Emitter.class);
				JsonNode document = assertValidDocument(emitter.documents().get(0));
				assertThat(document.path("subsegments").get(0).path("name").asString()).isEqualTo("Rekognition");
			});
			assertThat(endpoint.requests()).singleElement()
				.satisfies((request) -> assertThat(request.header("X-Amzn-Trace-Id")).startsWith("Root=1-"));
		}
	}

	@Test
	void contextMissingFailAppliesToTheExplicitApiOnlyNotToTheInstrumentation() throws Exception {
		try (LocalAwsEndpoint endpoint = LocalAwsEndpoint.start()) {
			this.runner.withPropertyValues("xray.context-missing=fail").run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				try (RekognitionClient client = RekognitionClient.builder()
					.endpointOverride(endpoint.uri())
					.region(Region.US_EAST_1)
					.credentialsProvider(AnonymousCredentialsProvider.create())
					.httpClient(UrlConnectionHttpClient.create())
					.build()) {
					client.detectLabels((request) -> request.image(
							Image.builder().bytes(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x")).build()));
				}
				assertThat(((InMemoryEmitter) context.getBean(Emitter.class)).documents()).isEmpty();
				assertThatExceptionOfType(ContextMissingException.class)
					.isThrownBy(() -> recorder.beginSubsegment("explicit"));
			});
			assertThat(endpoint.requests()).singleElement()
				.satisfies((request) -> assertThat(request.header("X-Amzn-Trace-Id")).isNull());
		}
	}

	@Test
	void backsOffWithoutTheAwsSdk() {
		this.runner.withClassLoader(new FilteredClassLoader(ExecutionInterceptor.class))
			.run((context) -> assertThat(context).hasSingleBean(XRayRecorder.class)
				.doesNotHaveBean(XRayAwsSdkInterceptor.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("xray.instrumentation.aws-sdk.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(XRayRecorder.class)
				.doesNotHaveBean(XRayAwsSdkInterceptor.class));
	}

	@Test
	void backsOffWhenTracingIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayRecorder.class)
				.doesNotHaveBean(XRayAwsSdkInterceptor.class));
	}

	@Test
	void userInterceptorWinsAndIsInstalled() {
		this.runner.withUserConfiguration(UserInterceptorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(XRayAwsSdkInterceptor.class);
			assertThat(context.getBean(XRayAwsSdkInterceptor.class).getRecorder())
				.isSameAs(UserInterceptorConfiguration.RECORDER);
			assertThat(XRayAwsSdkInterceptor.installed()).isSameAs(context.getBean(XRayAwsSdkInterceptor.class));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserInterceptorConfiguration {

		static final XRayRecorder RECORDER = XRayRecorder.builder().build();

		@Bean
		XRayAwsSdkInterceptor userInterceptor() {
			return new XRayAwsSdkInterceptor(RECORDER);
		}

	}

}
