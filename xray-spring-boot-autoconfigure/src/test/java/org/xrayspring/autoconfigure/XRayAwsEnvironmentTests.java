package org.xrayspring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.environment.EnvironmentDetector;
import org.xrayspring.recorder.environment.EnvironmentKind;
import org.xrayspring.recorder.environment.EvidencePaths;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeMetadataServer;
import org.xrayspring.recorder.testing.LoggedWarnings;
import org.xrayspring.recorder.testing.FakeMetadataServer.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * {@code xray.aws.environment}: the environment detected when the recorder is created,
 * from variables given as properties (the Spring environment holds the process
 * environment), evidence files in a temporary directory, and a loopback server answering
 * like IMDSv2 and the ECS task metadata endpoint v4. Every segment is sent to a real UDP
 * daemon and checked against the schema.
 */
class XRayAwsEnvironmentTests {

	@TempDir
	Path dir;

	private final FakeMetadataServer server = new FakeMetadataServer();

	private final FakeDaemon daemon = new FakeDaemon();

	private final LoggedWarnings warnings = LoggedWarnings.of(EnvironmentDetector.class);

	private ApplicationContextRunner contextRunner;

	@BeforeEach
	void setUp() {
		EvidencePaths paths = new EvidencePaths(this.dir.resolve("environment.conf"),
				List.of(this.dir.resolve("sys_vendor")), this.dir.resolve("token"), this.dir.resolve("cgroup"));
		this.contextRunner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class))
			.withBean(EvidencePaths.class, () -> paths)
			// the build disables EC2 metadata for every test process; these tests point
			// it at the loopback server
			.withPropertyValues("xray.daemon-address=" + this.daemon.address(), "AWS_EC2_METADATA_DISABLED=false",
					"HOSTNAME=host-1");
	}

	@AfterEach
	void tearDown() {
		this.warnings.close();
		this.server.close();
		this.daemon.close();
	}

	private JsonNode oneSegment(XRayRecorder recorder) {
		recorder.beginSegment("orders").end();
		return assertValidDocument(this.daemon.next(Duration.ofSeconds(5)).body());
	}

	@Test
	void ec2ThroughTheEndpointVariable() {
		this.contextRunner.withPropertyValues("AWS_EC2_METADATA_SERVICE_ENDPOINT=" + this.server.endpoint())
			.run((context) -> {
				JsonNode document = oneSegment(context.getBean(XRayRecorder.class));
				assertThat(document.path("origin").asString()).isEqualTo("AWS::EC2::Instance");
				assertThat(document.path("aws").path("ec2").path("instance_id").asString())
					.isEqualTo("i-0123456789abcdef0");
				assertThat(document.path("aws").path("ec2").path("availability_zone").asString())
					.isEqualTo("eu-west-1b");
			});
		assertThat(this.server.requests()).containsExactly("PUT /latest/api/token",
				"GET /latest/dynamic/instance-identity/document");
	}

	@Test
	void ecsThroughTheMetadataUriVariable() {
		this.contextRunner.withPropertyValues("ECS_CONTAINER_METADATA_URI_V4=" + this.server.ecsUri())
			.run((context) -> {
				JsonNode document = oneSegment(context.getBean(XRayRecorder.class));
				assertThat(document.path("origin").asString()).isEqualTo("AWS::ECS::Container");
				assertThat(document.path("aws").path("ecs").path("container").asString()).isEqualTo("host-1");
				assertThat(document.path("aws").path("cloudwatch_logs").path(0).path("arn").asString())
					.isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app:*");
			});
	}

	@Test
	void eksWithTheClusterNameProperty() throws IOException {
		Files.writeString(this.dir.resolve("token"), "eyJhbGciOi");
		Files.writeString(this.dir.resolve("cgroup"), "0::/kubepods/pod1/" + "ab".repeat(32) + "\n");
		this.contextRunner.withPropertyValues("xray.aws.eks-cluster-name=prod").run((context) -> {
			JsonNode document = oneSegment(context.getBean(XRayRecorder.class));
			assertThat(document.path("origin").asString()).isEqualTo("AWS::EKS::Container");
			assertThat(document.path("aws").path("eks").path("cluster_name").asString()).isEqualTo("prod");
			assertThat(document.path("aws").path("eks").path("pod").asString()).isEqualTo("host-1");
			assertThat(document.path("aws").path("eks").path("container_id").asString()).isEqualTo("ab".repeat(32));
		});
	}

	@Test
	void elasticBeanstalkFromItsFile() throws IOException {
		Files.writeString(this.dir.resolve("environment.conf"),
				"{\"deployment_id\":7,\"version_label\":\"v7\",\"environment_name\":\"orders-prod\"}");
		this.contextRunner.withPropertyValues("ECS_CONTAINER_METADATA_URI_V4=" + this.server.ecsUri())
			.run((context) -> {
				JsonNode document = oneSegment(context.getBean(XRayRecorder.class));
				assertThat(document.path("origin").asString()).isEqualTo("AWS::ElasticBeanstalk::Environment");
				assertThat(document.path("aws").path("elastic_beanstalk").path("deployment_id").asInt()).isEqualTo(7);
			});
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void withoutEvidenceNoMetadataRequestIsMade() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			JsonNode document = oneSegment(context.getBean(XRayRecorder.class));
			assertThat(document.has("origin")).isFalse();
			assertThat(document.path("aws").has("ec2")).isFalse();
		});
		assertThat(this.server.requests()).isEmpty();
		assertThat(this.warnings.messages()).isEmpty();
	}

	@Test
	void noneMakesNoRequestWhateverTheEvidence() {
		this.contextRunner
			.withPropertyValues("xray.aws.environment=none",
					"AWS_EC2_METADATA_SERVICE_ENDPOINT=" + this.server.endpoint(),
					"ECS_CONTAINER_METADATA_URI_V4=" + this.server.ecsUri())
			.run((context) -> assertThat(oneSegment(context.getBean(XRayRecorder.class)).has("origin")).isFalse());
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void theEnvironmentCanBeNamed() {
		this.contextRunner
			.withPropertyValues("xray.aws.environment=ec2",
					"AWS_EC2_METADATA_SERVICE_ENDPOINT=" + this.server.endpoint(),
					"ECS_CONTAINER_METADATA_URI_V4=" + this.server.ecsUri())
			.run((context) -> assertThat(oneSegment(context.getBean(XRayRecorder.class)).path("origin").asString())
				.isEqualTo("AWS::EC2::Instance"));
		this.contextRunner.withPropertyValues("xray.aws.environment=elastic-beanstalk")
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getAws().getEnvironment())
				.isEqualTo(EnvironmentKind.ELASTIC_BEANSTALK));
	}

	@ParameterizedTest
	@EnumSource(value = Mode.class, names = { "GARBAGE", "SILENT" })
	void aBadOrSilentMetadataServerLeavesTheApplicationStartedWithoutMetadata(Mode mode) {
		this.server.mode(mode);
		this.contextRunner.withPropertyValues("AWS_EC2_METADATA_SERVICE_ENDPOINT=" + this.server.endpoint())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(oneSegment(context.getBean(XRayRecorder.class)).has("origin")).isFalse();
			});
		assertThat(this.warnings.messages()).hasSize(1);
		assertThat(this.server.requests()).isNotEmpty();
	}

}
