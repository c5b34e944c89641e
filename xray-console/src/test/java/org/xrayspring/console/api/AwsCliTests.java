package org.xrayspring.console.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xrayspring.console.TestDocuments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real AWS CLI ({@code /usr/bin/aws}, Debian's awscli package) works against the
 * console through its request guard: the CLI's {@code Host}, {@code Content-Type} and
 * bodies are accepted. Skipped when the CLI is not installed.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(classes = XRayApiTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-enabled=false" })
class AwsCliTests {

	private static final Path AWS = Path.of("/usr/bin/aws");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@BeforeAll
	static void requireCli() {
		assumeTrue(Files.isExecutable(AWS), "/usr/bin/aws is not installed (apt-get install awscli): skipped");
	}

	@Test
	void cliPutsListsAndReadsTracesAndSamplingRules() throws Exception {
		JsonNode rules = aws("get-sampling-rules");
		assertThat(rules.path("SamplingRuleRecords").get(0).path("SamplingRule").path("RuleName").stringValue())
			.isEqualTo("Default");
		String traceId = TestDocuments.traceId();
		double now = TestDocuments.now();
		JsonNode put = aws("put-trace-segments", "--trace-segment-documents",
				TestDocuments.segment(traceId, TestDocuments.id(), "cli", now - 1, now, ""));
		assertThat(put.path("UnprocessedTraceSegments").size()).isZero();
		JsonNode summaries = aws("get-trace-summaries", "--start-time", String.valueOf((long) now - 60), "--end-time",
				String.valueOf((long) now + 60), "--filter-expression", "service(\"cli\")");
		assertThat(summaries.path("TraceSummaries").get(0).path("Id").stringValue()).isEqualTo(traceId);
		JsonNode traces = aws("batch-get-traces", "--trace-ids", traceId);
		assertThat(traces.path("Traces").get(0).path("Segments").size()).isEqualTo(1);
	}

	@Test
	void cliCreatesUpdatesAndDeletesSamplingRulesAndReadsStatistics() throws Exception {
		JsonNode created = aws("create-sampling-rule", "--sampling-rule",
				"{\"RuleName\":\"cli-rule\",\"ResourceARN\":\"*\",\"Priority\":7,\"FixedRate\":0.3,"
						+ "\"ReservoirSize\":2,\"ServiceName\":\"cli\",\"ServiceType\":\"*\",\"Host\":\"*\","
						+ "\"HTTPMethod\":\"GET\",\"URLPath\":\"/cli/*\",\"Version\":1,"
						+ "\"Attributes\":{\"team\":\"ops\"}}");
		try {
			JsonNode record = created.path("SamplingRuleRecord");
			assertThat(record.path("SamplingRule").path("RuleARN").stringValue()).endsWith(":sampling-rule/cli-rule");
			assertThat(record.path("CreatedAt").isMissingNode()).isFalse();
			assertThat(aws("get-sampling-rules").path("SamplingRuleRecords")
				.get(0)
				.path("SamplingRule")
				.path("RuleName")
				.stringValue()).isEqualTo("cli-rule");
			JsonNode updated = aws("update-sampling-rule", "--sampling-rule-update",
					"{\"RuleName\":\"cli-rule\",\"FixedRate\":0.9,\"Priority\":8}");
			assertThat(updated.path("SamplingRuleRecord").path("SamplingRule").path("FixedRate").doubleValue())
				.isEqualTo(0.9);
			assertThat(updated.path("SamplingRuleRecord").path("SamplingRule").path("URLPath").stringValue())
				.isEqualTo("/cli/*");
			aws("get-sampling-targets", "--sampling-statistics-documents",
					"[{\"RuleName\":\"cli-rule\",\"ClientID\":\"0123456789abcdef01234567\",\"Timestamp\":"
							+ (long) TestDocuments.now() + ",\"RequestCount\":12,\"SampledCount\":3,"
							+ "\"BorrowCount\":1}]");
			JsonNode summaries = aws("get-sampling-statistic-summaries").path("SamplingStatisticSummaries");
			assertThat(summaries.get(0).path("RuleName").stringValue()).isEqualTo("cli-rule");
			assertThat(summaries.get(0).path("RequestCount").intValue()).isEqualTo(12);
			assertThat(summaries.get(0).path("SampledCount").intValue()).isEqualTo(3);
			assertThat(summaries.get(0).path("BorrowCount").intValue()).isEqualTo(1);
			CliResult refused = run("update-sampling-rule", "--sampling-rule-update",
					"{\"RuleName\":\"cli-rule\",\"Priority\":10000}");
			assertThat(refused.exitCode()).isNotZero();
			assertThat(refused.output()).contains("InvalidRequestException").contains("samplingRuleUpdate.priority");
			CliResult defaultRule = run("delete-sampling-rule", "--rule-name", "Default");
			assertThat(defaultRule.exitCode()).isNotZero();
			assertThat(defaultRule.output()).contains("The Default rule cannot be deleted");
		}
		finally {
			JsonNode deleted = aws("delete-sampling-rule", "--rule-name", "cli-rule");
			assertThat(deleted.path("SamplingRuleRecord").path("SamplingRule").path("RuleName").stringValue())
				.isEqualTo("cli-rule");
		}
		assertThat(aws("get-sampling-rules").path("SamplingRuleRecords").size()).isEqualTo(1);
	}

	private JsonNode aws(String... arguments) throws IOException, InterruptedException {
		CliResult result = run(arguments);
		assertThat(result.exitCode()).as(result.output()).isZero();
		return MAPPER.readTree(result.output().isBlank() ? "{}" : result.output());
	}

	private CliResult run(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(AWS.toString(), "xray"));
		command.addAll(List.of(arguments));
		command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + this.port + "/xray", "--region", "us-east-1",
				"--output", "json"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.put("AWS_ACCESS_KEY_ID", "test");
		environment.put("AWS_SECRET_ACCESS_KEY", "test");
		environment.put("AWS_EC2_METADATA_DISABLED", "true");
		environment.put("AWS_PAGER", "");
		environment.remove("AWS_PROFILE");
		environment.put("AWS_CONFIG_FILE", "/dev/null");
		environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
		Process process = builder.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new CliResult(process.exitValue(), output);
	}

	private record CliResult(int exitCode, String output) {
	}

}
