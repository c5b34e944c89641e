package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.DaemonAddress;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeMetadataServer;
import org.xrayspring.recorder.testing.LoggedWarnings;
import org.xrayspring.recorder.testing.FakeMetadataServer.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

/**
 * {@link EnvironmentDetector} against a loopback server that answers like IMDSv2 and the
 * ECS task metadata endpoint v4, with variables from a map and evidence files in a
 * temporary directory.
 */
class EnvironmentDetectorTests {

	private static final String CGROUP_ID = "3f1c0b5e2a7d4c6b9e8f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";

	@TempDir
	Path dir;

	private final FakeMetadataServer server = new FakeMetadataServer();

	private final Map<String, String> variables = new HashMap<>();

	private final LoggedWarnings warnings = LoggedWarnings.of(EnvironmentDetector.class);

	@AfterEach
	void close() {
		this.warnings.close();
		this.server.close();
	}

	/** Evidence files that do not exist: nothing on this machine counts. */
	private EvidencePaths nothing() {
		return new EvidencePaths(this.dir.resolve("environment.conf"), List.of(this.dir.resolve("sys_vendor")),
				this.dir.resolve("token"), this.dir.resolve("cgroup"));
	}

	private EnvironmentDetector.Builder detector(EvidencePaths paths) {
		return EnvironmentDetector.builder().variables(this.variables::get).paths(paths);
	}

	@Test
	void ec2ReadsTheIdentityDocumentWithAnImdsV2Token() {
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		AwsEnvironment environment = detector(nothing()).build().detect();
		assertThat(environment.origin()).isEqualTo("AWS::EC2::Instance");
		assertThat(environment.aws()).isEqualTo(Map.of("ec2", Map.of("instance_id", "i-0123456789abcdef0",
				"availability_zone", "eu-west-1b", "instance_size", "m5.large", "ami_id", "ami-0abcdef1234567890")));
		assertThat(this.server.requests()).containsExactly("PUT /latest/api/token",
				"GET /latest/dynamic/instance-identity/document");
		assertThat(this.warnings.messages()).isEmpty();
	}

	@Test
	void ec2MetadataDisabledMakesNoRequest() {
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		this.variables.put("AWS_EC2_METADATA_DISABLED", "true");
		assertThat(detector(nothing()).build().detect()).isSameAs(AwsEnvironment.none());
		assertThat(detector(nothing()).kind(EnvironmentKind.EC2).build().detect()).isSameAs(AwsEnvironment.none());
		assertThat(this.server.requests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Amazon EC2", "amazon", "ec2e1916-9099-7caf-fd21-012345abcdef" })
	void aDmiVendorOrHypervisorIdOfAmazonIsEvidenceOfEc2(String vendor) throws IOException {
		Files.writeString(this.dir.resolve("sys_vendor"), vendor + "\n");
		assertThat(new Ec2Detector().hasEvidence(new Evidence(this.variables::get, nothing(), null))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "QEMU", "Microsoft Corporation", "Google", "" })
	void anotherVendorIsNoEvidenceOfEc2(String vendor) throws IOException {
		Files.writeString(this.dir.resolve("sys_vendor"), vendor + "\n");
		assertThat(new Ec2Detector().hasEvidence(new Evidence(this.variables::get, nothing(), null))).isFalse();
	}

	@Test
	void ecsReadsTheContainerAndTaskAndTheLogGroup() {
		this.variables.put("ECS_CONTAINER_METADATA_URI_V4", this.server.ecsUri());
		this.variables.put("HOSTNAME", "ip-10-0-2-106");
		AwsEnvironment environment = detector(nothing()).build().detect();
		assertThat(environment.origin()).isEqualTo("AWS::ECS::Container");
		assertThat(environment.aws().get("ecs")).isEqualTo(Map.of("container", "ip-10-0-2-106", "container_id",
				"cd189a933e5849daa93386466019ab50-2495160603", "container_arn",
				"arn:aws:ecs:eu-west-1:123456789012:container/prod/cd189a933e5849daa93386466019ab50/1b2c", "cluster",
				"arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "task_arn",
				"arn:aws:ecs:eu-west-1:123456789012:task/prod/cd189a933e5849daa93386466019ab50", "task_family", "app",
				"launch_type", "FARGATE", "availability_zone", "eu-west-1a"));
		assertThat(environment.aws().get("cloudwatch_logs")).isEqualTo(List
			.of(Map.of("log_group", "/ecs/app", "arn", "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/app:*")));
		assertThat(this.server.requests()).containsExactly("GET /v4/container", "GET /v4/container/task");
	}

	@Test
	void eksReadsThePodAndTheCgroupWithoutNetwork() throws IOException {
		Files.writeString(this.dir.resolve("token"), "eyJhbGciOi");
		Files.writeString(this.dir.resolve("cgroup"), "12:pids:/kubepods/burstable/pod1234/" + CGROUP_ID + "\n"
				+ "0::/kubepods/burstable/pod1234/" + CGROUP_ID + "\n");
		this.variables.put("HOSTNAME", "orders-7d9f8c6b5-x2x4k");
		this.variables.put("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks.amazonaws.com/serviceaccount/token");
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		AwsEnvironment environment = detector(nothing()).eksClusterName("prod-cluster").build().detect();
		assertThat(environment.origin()).isEqualTo("AWS::EKS::Container");
		assertThat(environment.aws()).isEqualTo(Map.of("eks",
				Map.of("pod", "orders-7d9f8c6b5-x2x4k", "container_id", CGROUP_ID, "cluster_name", "prod-cluster")));
		assertThat(this.server.requests()).as("EKS is more specific than EC2").isEmpty();
	}

	@Test
	void aServiceAccountAloneIsNotEks() throws IOException {
		Files.writeString(this.dir.resolve("token"), "eyJhbGciOi");
		assertThat(detector(nothing()).build().detect()).isSameAs(AwsEnvironment.none());
		this.variables.put("EKS_CLUSTER_NAME", "from-variable");
		assertThat(detector(nothing()).build().detect().aws())
			.isEqualTo(Map.of("eks", Map.of("cluster_name", "from-variable")));
	}

	@Test
	void beanstalkWinsOverEveryOtherEnvironment() throws IOException {
		Files.writeString(this.dir.resolve("environment.conf"),
				"{\"deployment_id\":23,\"version_label\":\"v1.2\",\"environment_name\":\"orders-prod\"}");
		this.variables.put("ECS_CONTAINER_METADATA_URI_V4", this.server.ecsUri());
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		AwsEnvironment environment = detector(nothing()).build().detect();
		assertThat(environment.origin()).isEqualTo("AWS::ElasticBeanstalk::Environment");
		assertThat(environment.aws()).isEqualTo(Map.of("elastic_beanstalk",
				Map.of("environment_name", "orders-prod", "version_label", "v1.2", "deployment_id", 23L)));
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void ecsWinsOverEc2() {
		this.variables.put("ECS_CONTAINER_METADATA_URI_V4", this.server.ecsUri());
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		assertThat(detector(nothing()).build().detect().origin()).isEqualTo("AWS::ECS::Container");
		assertThat(this.server.requests()).allMatch((request) -> request.contains("/v4/"));
	}

	@Test
	void aNamedEnvironmentIsReadAlone() {
		this.variables.put("ECS_CONTAINER_METADATA_URI_V4", this.server.ecsUri());
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		assertThat(detector(nothing()).kind(EnvironmentKind.EC2).build().detect().origin())
			.isEqualTo("AWS::EC2::Instance");
		assertThat(this.server.requests()).noneMatch((request) -> request.contains("/v4/"));
	}

	@Test
	void withoutEvidenceNoRequestIsMade() {
		AwsEnvironment environment = detector(nothing()).build().detect();
		assertThat(environment).isSameAs(AwsEnvironment.none());
		assertThat(environment.isDetected()).isFalse();
		assertThat(this.server.requests()).isEmpty();
		assertThat(this.warnings.messages()).isEmpty();
	}

	@Test
	void onLambdaNothingIsDetected() throws IOException {
		Files.writeString(this.dir.resolve("sys_vendor"), "Amazon EC2");
		this.variables.put("AWS_LAMBDA_FUNCTION_NAME", "orders");
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		assertThat(detector(nothing()).build().detect()).isSameAs(AwsEnvironment.none());
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void theFakeMetadataServiceRefusesReadsWithoutAToken() throws IOException {
		HttpURLConnection connection = (HttpURLConnection) URI
			.create(this.server.endpoint() + "/latest/dynamic/instance-identity/document")
			.toURL()
			.openConnection(Proxy.NO_PROXY);
		assertThat(connection.getResponseCode()).isEqualTo(401);
		connection.disconnect();
	}

	@Test
	void noneMakesNoRequestWhateverTheEvidence() {
		this.variables.put("ECS_CONTAINER_METADATA_URI_V4", this.server.ecsUri());
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		assertThat(detector(nothing()).kind(EnvironmentKind.NONE).build().detect()).isSameAs(AwsEnvironment.none());
		assertThat(this.server.requests()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GARBAGE", "SILENT" })
	void aBadOrSilentEndpointGivesNoMetadataAndOneWarning(Mode mode) {
		this.server.mode(mode);
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		AwsEnvironment environment = detector(nothing()).budget(Duration.ofMillis(300)).build().detect();
		assertThat(environment).isSameAs(AwsEnvironment.none());
		assertThat(this.warnings.messages()).hasSize(1);
		assertThat(this.warnings.messages().get(0)).contains("ec2").contains("no AWS environment");
	}

	@Test
	void aNamedEnvironmentWithoutItsEndpointGivesOneWarning() {
		assertThat(detector(nothing()).kind(EnvironmentKind.ECS).build().detect()).isSameAs(AwsEnvironment.none());
		assertThat(detector(nothing()).kind(EnvironmentKind.ELASTIC_BEANSTALK).build().detect())
			.isSameAs(AwsEnvironment.none());
		assertThat(this.warnings.messages()).hasSize(2);
		assertThat(this.warnings.messages().get(0)).contains("ECS_CONTAINER_METADATA_URI_V4 is not set");
	}

	@Test
	void aBeanstalkFileThatIsNotJsonGivesOneWarning() throws IOException {
		Files.writeString(this.dir.resolve("environment.conf"), "deployment_id=23");
		assertThat(detector(nothing()).build().detect()).isSameAs(AwsEnvironment.none());
		assertThat(this.warnings.messages()).hasSize(1);
	}

	@Test
	void everyEnvironmentsSegmentsAreValidDocuments() throws IOException {
		Files.writeString(this.dir.resolve("environment.conf"),
				"{\"deployment_id\":\"23\",\"version_label\":\"v1.2\",\"environment_name\":\"orders-prod\"}");
		Files.writeString(this.dir.resolve("token"), "eyJhbGciOi");
		Files.writeString(this.dir.resolve("cgroup"), "0::/kubepods/pod1/" + CGROUP_ID + "\n");
		this.variables.put("ECS_CONTAINER_METADATA_URI_V4", this.server.ecsUri());
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		this.variables.put("HOSTNAME", "host-1");
		EvidencePaths paths = new EvidencePaths(this.dir.resolve("environment.conf"), List.of(),
				this.dir.resolve("token"), this.dir.resolve("cgroup"));
		for (EnvironmentKind kind : List.of(EnvironmentKind.EC2, EnvironmentKind.ECS, EnvironmentKind.EKS,
				EnvironmentKind.ELASTIC_BEANSTALK)) {
			AwsEnvironment environment = detector(paths).kind(kind).eksClusterName("prod").build().detect();
			assertThat(environment.isDetected()).as(kind.name()).isTrue();
			JsonNode document = sendOneSegment(environment);
			assertThat(document.path("origin").asString()).isEqualTo(environment.origin());
			String field = environment.aws().keySet().iterator().next();
			assertThat(document.path("aws").path(field).isObject()).as(field).isTrue();
			assertThat(document.path("aws").path("xray").path("sdk").asString()).isNotEmpty();
			if (kind == EnvironmentKind.ECS) {
				assertThat(document.path("aws").path("cloudwatch_logs").path(0).path("log_group").asString())
					.isEqualTo("/ecs/app");
			}
			if (kind == EnvironmentKind.ELASTIC_BEANSTALK) {
				assertThat(document.path("aws").path("elastic_beanstalk").path("deployment_id").isNumber()).isTrue();
			}
		}
	}

	@Test
	void aSegmentsOwnAwsFieldWinsOverTheEnvironments() {
		this.variables.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", this.server.endpoint());
		AwsEnvironment environment = detector(nothing()).build().detect();
		try (FakeDaemon daemon = new FakeDaemon();
				UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(daemon.address()));
				XRayRecorder recorder = XRayRecorder.builder().emitter(emitter).environment(environment).build()) {
			Segment segment = recorder.beginSegment("orders");
			segment.putAws("ec2", Map.of("instance_id", "i-own"));
			segment.end();
			JsonNode document = assertValidDocument(daemon.next(Duration.ofSeconds(5)).body());
			assertThat(document.path("aws").path("ec2").path("instance_id").asString()).isEqualTo("i-own");
			assertThat(document.path("aws").path("ec2").has("ami_id")).isFalse();
		}
	}

	private static JsonNode sendOneSegment(AwsEnvironment environment) {
		try (FakeDaemon daemon = new FakeDaemon();
				UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(daemon.address()));
				XRayRecorder recorder = XRayRecorder.builder().emitter(emitter).environment(environment).build()) {
			recorder.beginSegment("orders").end();
			return assertValidDocument(daemon.next(Duration.ofSeconds(5)).body());
		}
	}

}
