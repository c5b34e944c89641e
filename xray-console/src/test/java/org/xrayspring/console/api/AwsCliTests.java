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
 * The real AWS CLI ({@code /usr/bin/aws}, Debian's awscli package) works against the console through its request
 * guard: the CLI's {@code Host}, {@code Content-Type} and bodies are accepted. Skipped when the CLI is not
 * installed.
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
		JsonNode summaries = aws("get-trace-summaries", "--start-time", String.valueOf((long) now - 60),
				"--end-time", String.valueOf((long) now + 60), "--filter-expression", "service(\"cli\")");
		assertThat(summaries.path("TraceSummaries").get(0).path("Id").stringValue()).isEqualTo(traceId);
		JsonNode traces = aws("batch-get-traces", "--trace-ids", traceId);
		assertThat(traces.path("Traces").get(0).path("Segments").size()).isEqualTo(1);
	}

	private JsonNode aws(String... arguments) throws IOException, InterruptedException {
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
		assertThat(process.exitValue()).as(output).isZero();
		return MAPPER.readTree(output.isBlank() ? "{}" : output);
	}

}
