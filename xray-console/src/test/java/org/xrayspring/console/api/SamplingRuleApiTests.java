package org.xrayspring.console.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.xray.XRayClient;
import software.amazon.awssdk.services.xray.model.CreateSamplingRuleResponse;
import software.amazon.awssdk.services.xray.model.DeleteSamplingRuleResponse;
import software.amazon.awssdk.services.xray.model.GetSamplingStatisticSummariesResponse;
import software.amazon.awssdk.services.xray.model.GetSamplingTargetsResponse;
import software.amazon.awssdk.services.xray.model.InvalidRequestException;
import software.amazon.awssdk.services.xray.model.RuleLimitExceededException;
import software.amazon.awssdk.services.xray.model.SamplingRule;
import software.amazon.awssdk.services.xray.model.SamplingRuleRecord;
import software.amazon.awssdk.services.xray.model.SamplingStatisticSummary;
import software.amazon.awssdk.services.xray.model.SamplingStatisticsDocument;
import software.amazon.awssdk.services.xray.model.UpdateSamplingRuleResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Sampling rule management and statistics through the AWS SDK v2 {@link XRayClient}:
 * CreateSamplingRule, UpdateSamplingRule, DeleteSamplingRule, GetSamplingRules,
 * GetSamplingTargets' {@code LastRuleModification} and GetSamplingStatisticSummaries,
 * with the service's error types.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(classes = XRayApiTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-enabled=false",
				"xray.console.sampling.rules[0].name=configured", "xray.console.sampling.rules[0].priority=50",
				"xray.console.sampling.rules[0].fixed-rate=0.5" })
class SamplingRuleApiTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String CLIENT = "0123456789abcdef01234567";

	@LocalServerPort
	private int port;

	@Autowired
	private org.xrayspring.console.sampling.SamplingRules rules;

	private XRayClient xray;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void createClient() {
		this.xray = ConsoleXRayClients.embedded(this.port);
	}

	@AfterEach
	void deleteCreatedRules() {
		this.xray.close();
		for (org.xrayspring.console.sampling.ServedSamplingRule rule : this.rules.getRules()) {
			if (!List.of("configured", "Default").contains(rule.ruleName())) {
				this.rules.delete(rule.ruleName(), null);
			}
		}
	}

	@Test
	void createReturnsTheRecordAndTheRuleIsServed() {
		Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		CreateSamplingRuleResponse created = this.xray.createSamplingRule(
				(request) -> request.samplingRule(rule("checkout", 5).attributes(Map.of("tier", "gold")).build()));
		SamplingRuleRecord record = created.samplingRuleRecord();
		assertThat(record.samplingRule().ruleName()).isEqualTo("checkout");
		assertThat(record.samplingRule().ruleARN()).isEqualTo("arn:aws:xray:local:000000000000:sampling-rule/checkout");
		assertThat(record.samplingRule().fixedRate()).isEqualTo(0.25);
		assertThat(record.samplingRule().attributes()).containsExactlyEntriesOf(Map.of("tier", "gold"));
		assertThat(record.createdAt()).isBetween(before, Instant.now()).isEqualTo(record.modifiedAt());
		List<SamplingRuleRecord> records = this.xray.getSamplingRules((request) -> {
		}).samplingRuleRecords();
		assertThat(records).extracting((served) -> served.samplingRule().ruleName())
			.containsExactly("checkout", "configured", "Default");
		assertThat(records.get(0)).isEqualTo(record);
		assertThat(targets("checkout").lastRuleModification()).isEqualTo(record.modifiedAt());
	}

	@Test
	void updateChangesTheFieldsSentAndTheTargets() throws Exception {
		SamplingRuleRecord created = this.xray
			.createSamplingRule((request) -> request.samplingRule(rule("payments", 20).build()))
			.samplingRuleRecord();
		Thread.sleep(5);
		UpdateSamplingRuleResponse updated = this.xray.updateSamplingRule((request) -> request.samplingRuleUpdate(
				(update) -> update.ruleName("payments").fixedRate(0.75).reservoirSize(8).urlPath("/pay/*")));
		SamplingRule rule = updated.samplingRuleRecord().samplingRule();
		assertThat(rule.fixedRate()).isEqualTo(0.75);
		assertThat(rule.reservoirSize()).isEqualTo(8);
		assertThat(rule.urlPath()).isEqualTo("/pay/*");
		assertThat(rule.httpMethod()).isEqualTo("POST");
		assertThat(updated.samplingRuleRecord().createdAt()).isEqualTo(created.createdAt());
		assertThat(updated.samplingRuleRecord().modifiedAt()).isAfter(created.modifiedAt());
		GetSamplingTargetsResponse targets = targets("payments");
		assertThat(targets.lastRuleModification()).isEqualTo(updated.samplingRuleRecord().modifiedAt());
		assertThat(targets.samplingTargetDocuments()).singleElement().satisfies((target) -> {
			assertThat(target.fixedRate()).isEqualTo(0.75);
			assertThat(target.reservoirQuota()).isEqualTo(8);
		});
	}

	@Test
	void theDefaultRuleKeepsItsMatchersButItsRateAndReservoirChange() {
		SamplingRule changed = this.xray
			.updateSamplingRule((request) -> request
				.samplingRuleUpdate((update) -> update.ruleName("Default").fixedRate(0.2).reservoirSize(3)))
			.samplingRuleRecord()
			.samplingRule();
		try {
			assertThat(changed.priority()).isEqualTo(10000);
			assertThat(changed.fixedRate()).isEqualTo(0.2);
			assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> this.xray.updateSamplingRule(
					(request) -> request.samplingRuleUpdate((update) -> update.ruleName("Default").urlPath("/only/*"))))
				.satisfies((ex) -> {
					assertThat(ex.statusCode()).isEqualTo(400);
					assertThat(ex.awsErrorDetails().errorMessage())
						.isEqualTo("Only FixedRate and ReservoirSize of the Default rule can be changed");
				});
			assertThatExceptionOfType(InvalidRequestException.class)
				.isThrownBy(() -> this.xray.deleteSamplingRule((request) -> request.ruleName("Default")))
				.withMessageContaining("The Default rule cannot be deleted");
		}
		finally {
			this.xray.updateSamplingRule((request) -> request
				.samplingRuleUpdate((update) -> update.ruleName("Default").fixedRate(0.05).reservoirSize(1)));
		}
	}

	@Test
	void deleteByArnReturnsTheRuleAndItIsNoLongerServed() {
		this.xray.createSamplingRule((request) -> request.samplingRule(rule("temporary", 30).build()));
		DeleteSamplingRuleResponse deleted = this.xray.deleteSamplingRule(
				(request) -> request.ruleARN("arn:aws:xray:local:000000000000:sampling-rule/temporary"));
		assertThat(deleted.samplingRuleRecord().samplingRule().ruleName()).isEqualTo("temporary");
		assertThat(this.xray.getSamplingRules((request) -> {
		}).samplingRuleRecords()).extracting((record) -> record.samplingRule().ruleName())
			.containsExactly("configured", "Default");
		GetSamplingTargetsResponse targets = targets("temporary");
		assertThat(targets.samplingTargetDocuments()).isEmpty();
		assertThat(targets.unprocessedStatistics()).singleElement()
			.satisfies((unprocessed) -> assertThat(unprocessed.errorCode()).isEqualTo("RuleNotFound"));
		assertThat(targets.lastRuleModification()).isEqualTo(this.rules.getModifiedAt().truncatedTo(ChronoUnit.MILLIS));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.xray.deleteSamplingRule((request) -> request.ruleName("temporary")))
			.withMessageContaining("does not exist");
	}

	@Test
	void invalidRulesAreRefusedWithTheServiceMessages() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> this.xray.createSamplingRule(
					(request) -> request.samplingRule(rule("x".repeat(33), 10000).fixedRate(1.5).build())))
			.satisfies((ex) -> assertThat(ex.awsErrorDetails().errorMessage())
				.startsWith("3 validation errors detected: ")
				.contains("Value '10000' at 'samplingRule.priority' failed to satisfy constraint: Member must have "
						+ "value less than or equal to 9999"));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(
				() -> this.xray.createSamplingRule((request) -> request.samplingRule(rule("configured", 1).build())))
			.withMessageContaining("already exists");
		assertThat(this.rules.getRules()).hasSize(2);
	}

	@Test
	void the26thRuleIsRefusedWithRuleLimitExceeded() {
		for (int i = 0; i < 23; i++) {
			int priority = 100 + i;
			this.xray.createSamplingRule((request) -> request.samplingRule(rule("bulk-" + priority, priority).build()));
		}
		assertThatExceptionOfType(RuleLimitExceededException.class)
			.isThrownBy(
					() -> this.xray.createSamplingRule((request) -> request.samplingRule(rule("too-many", 1).build())))
			.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(400));
	}

	@Test
	void statisticSummariesReportWhatClientsSent() throws InterruptedException {
		// Both reports must land in one 10-second window of the console's clock: not
		// right before its end.
		while (Instant.now().getEpochSecond() % 10 >= 7) {
			Thread.sleep(100);
		}
		// Rules of its own: other tests report on the configured ones.
		this.xray.createSamplingRule((request) -> request.samplingRule(rule("summary-a", 60).build()));
		this.xray.createSamplingRule((request) -> request.samplingRule(rule("summary-b", 70).build()));
		this.xray.getSamplingTargets((request) -> request.samplingStatisticsDocuments(statistics("summary-a", 10, 4, 1),
				statistics("summary-b", 3, 1, 0)));
		this.xray.getSamplingTargets((request) -> request.samplingStatisticsDocuments(
				statistics("summary-a", 5, 1, 0).toBuilder().clientID("fedcba9876543210fedcba98").build()));
		GetSamplingStatisticSummariesResponse response = this.xray.getSamplingStatisticSummaries((request) -> {
		});
		List<SamplingStatisticSummary> summaries = response.samplingStatisticSummaries()
			.stream()
			.filter((summary) -> summary.ruleName().startsWith("summary-"))
			.toList();
		assertThat(summaries).extracting(SamplingStatisticSummary::ruleName).containsExactly("summary-a", "summary-b");
		SamplingStatisticSummary configured = summaries.get(0);
		assertThat(configured.requestCount()).isEqualTo(15);
		assertThat(configured.sampledCount()).isEqualTo(5);
		assertThat(configured.borrowCount()).isEqualTo(1);
		assertThat(summaries.get(1).requestCount()).isEqualTo(3);
		assertThat(configured.timestamp()).isBetween(Instant.now().minusSeconds(20), Instant.now());
		assertThat(configured.timestamp().getEpochSecond() % 10).isZero();
	}

	@Test
	void theConsoleShowsEachRuleWithItsWindowsAndClients() throws Exception {
		this.xray
			.getSamplingTargets((request) -> request.samplingStatisticsDocuments(statistics("configured", 7, 2, 1)));
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray/console/sampling")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode sampling = MAPPER.readTree(response.body());
		assertThat(sampling.path("windowSeconds").intValue()).isEqualTo(10);
		assertThat(sampling.path("lastRuleModification").doubleValue()).isPositive();
		JsonNode configured = sampling.path("rules").get(0);
		assertThat(configured.path("rule").path("RuleName").stringValue()).isEqualTo("configured");
		assertThat(configured.path("rule").path("FixedRate").doubleValue()).isEqualTo(0.5);
		assertThat(configured.path("windows").get(configured.path("windows").size() - 1).path("requests").longValue())
			.isGreaterThanOrEqualTo(7);
		JsonNode client = configured.path("clients").get(0);
		assertThat(client.path("clientId").stringValue()).isEqualTo(CLIENT);
		assertThat(client.path("windows").size()).isPositive();
		assertThat(sampling.path("rules").get(1).path("rule").path("RuleName").stringValue()).isEqualTo("Default");
	}

	@Test
	void ruleOperationsGoThroughTheRequestGuards() throws Exception {
		String body = "{\"SamplingRule\":{\"RuleName\":\"guarded\",\"ResourceARN\":\"*\",\"Priority\":1,"
				+ "\"FixedRate\":0.1,\"ReservoirSize\":1,\"ServiceName\":\"*\",\"ServiceType\":\"*\",\"Host\":\"*\","
				+ "\"HTTPMethod\":\"*\",\"URLPath\":\"*\",\"Version\":1}}";
		HttpResponse<String> plainText = this.http.send(
				request("CreateSamplingRule", body).header("Content-Type", "text/plain").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(plainText.statusCode()).isEqualTo(415);
		HttpResponse<String> foreignOrigin = this.http
			.send(request("DeleteSamplingRule", "{\"RuleName\":\"configured\"}")
				.header("Content-Type", "application/json")
				.header("Origin", "http://evil.example")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(foreignOrigin.statusCode()).isEqualTo(403);
		assertThat(this.rules.getRule("guarded")).isNull();
		assertThat(this.rules.getRule("configured")).isNotNull();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = { "CreateSamplingRule|{}|InvalidRequestException",
			"CreateSamplingRule|{\"SamplingRule\":[]}|InvalidRequestException",
			"CreateSamplingRule|{\"SamplingRule\":{\"RuleName\":\"r\",\"Priority\":\"high\"}}|InvalidRequestException",
			"CreateSamplingRule|{\"SamplingRule\":{\"RuleName\":\"r\",\"Attributes\":{\"a\":1}}}|InvalidRequestException",
			"UpdateSamplingRule|{\"SamplingRuleUpdate\":{\"RuleName\":\"configured\",\"FixedRate\":\"1\"}}|InvalidRequestException",
			"UpdateSamplingRule|{\"SamplingRuleUpdate\":{}}|InvalidRequestException",
			"DeleteSamplingRule|{\"RuleName\":7}|InvalidRequestException",
			"DeleteSamplingRule|not json|SerializationException",
			"SamplingStatisticSummaries|{\"NextToken\":[]}|InvalidRequestException" })
	void malformedRequestsGetTheXRayErrorShape(String path, String body, String type) throws Exception {
		HttpResponse<String> response = this.http.send(
				request(path, body).header("Content-Type", "application/json").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = MAPPER.readTree(response.body());
		assertThat(error.path("__type").stringValue()).isEqualTo(type);
		assertThat(error.path("message").stringValue()).isNotBlank();
		assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
		assertThat(this.rules.getRules()).hasSize(2);
	}

	private HttpRequest.Builder request(String path, String body) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray/" + path))
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private GetSamplingTargetsResponse targets(String rule) {
		return this.xray
			.getSamplingTargets((request) -> request.samplingStatisticsDocuments(statistics(rule, 1, 1, 0)));
	}

	private static SamplingStatisticsDocument statistics(String rule, int requests, int sampled, int borrowed) {
		return SamplingStatisticsDocument.builder()
			.ruleName(rule)
			.clientID(CLIENT)
			.timestamp(Instant.now())
			.requestCount(requests)
			.sampledCount(sampled)
			.borrowCount(borrowed)
			.build();
	}

	private static SamplingRule.Builder rule(String name, int priority) {
		return SamplingRule.builder()
			.ruleName(name)
			.resourceARN("*")
			.priority(priority)
			.fixedRate(0.25)
			.reservoirSize(2)
			.serviceName("shop")
			.serviceType("*")
			.host("*")
			.httpMethod("POST")
			.urlPath("/checkout")
			.version(1);
	}

}
