package org.xrayspring.console.ui;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.xrayspring.console.TestDocuments;
import org.xrayspring.console.receiver.RejectReason;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.SamplingRuleRequest;
import org.xrayspring.console.sampling.SamplingRules;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Browser test of the web UI in headless Chromium: a trace sent across three services
 * over UDP must show in the trace list, the segments timeline and the service map, and an
 * unusual trace must show without a script error. Skipped where Debian's {@code chromium}
 * and {@code chromium-driver} are not installed. With
 * {@code -Dxray.console.screenshots=DIR} it also saves screenshots of each view.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-address=127.0.0.1:0" })
@DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
class ConsoleBrowserTests {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	@LocalServerPort
	private int port;

	@Autowired
	private XRayConsoleReceiver receiver;

	@Autowired
	private SamplingRules samplingRules;

	private ChromeDriver driver;

	@BeforeEach
	void startBrowser(@TempDir Path profile) {
		assumeTrue(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
				"Browser test skipped: /usr/bin/chromium and /usr/bin/chromedriver are needed "
						+ "(apt-get install -y chromium chromium-driver)");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1440,900",
				"--force-device-scale-factor=1");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	@AfterEach
	void stopBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	@Test
	void showsTraceAcrossThreeServicesInListTimelineAndMap() throws IOException {
		InetSocketAddress udp = this.receiver.getLocalAddress();
		double now = TestDocuments.now();
		// Background traffic, so the list and the map look like a real session.
		DemoTraces.sendSimple(udp, now - 40, "GET", "/products", 200, 0.023);
		DemoTraces.sendSimple(udp, now - 33, "GET", "/products/17", 404, 0.008);
		DemoTraces.sendCheckout(udp, now - 25, 500);
		DemoTraces.sendSimple(udp, now - 18, "GET", "/cart", 429, 0.004);
		DemoTraces.sendCheckout(udp, now - 12, 200);
		String traceId = DemoTraces.sendCheckout(udp, now - 3, 200);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.getCounters().getAccepted() == 15);

		String base = "http://127.0.0.1:" + this.port + "/xray/";
		open(base + "#/traces");
		By row = By.cssSelector("tr.trace-row[data-trace-id='" + traceId + "']");
		waitFor(row);
		WebElement traceRow = this.driver.findElement(row);
		assertThat(traceRow.getText()).contains("POST", "http://localhost:8080/checkout", "200")
			.contains("frontend", "orders", "inventory");
		assertThat(this.driver.findElements(By.cssSelector("tr.trace-row"))).hasSize(6);
		assertThat(this.driver.findElement(By.id("counters")).getText()).contains("Accepted").contains("15");
		screenshot("traces");

		// The filter box takes the API's expressions.
		WebElement filter = this.driver.findElement(By.id("filter"));
		filter.sendKeys("fault");
		this.driver.findElement(By.id("run-query")).click();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.driver.findElements(By.cssSelector("tr.trace-row")).size() == 1);
		filter.clear();
		this.driver.findElement(By.id("run-query")).click();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.driver.findElements(By.cssSelector("tr.trace-row")).size() == 6);

		this.driver.findElement(row).click();
		waitFor(By.cssSelector("tr.tl-row"));
		List<String> names = this.driver.findElements(By.cssSelector("tr.tl-row"))
			.stream()
			.map((element) -> element.getAttribute("data-name"))
			.toList();
		assertThat(names).containsSubsequence("frontend", "orders", "orders", "DynamoDB", "inventory", "inventory",
				"inventory@postgres");
		assertThat(this.driver.findElements(By.cssSelector("tr.group"))).extracting(WebElement::getText)
			.anySatisfy((text) -> assertThat(text).startsWith("frontend"))
			.anySatisfy((text) -> assertThat(text).startsWith("orders"))
			.anySatisfy((text) -> assertThat(text).startsWith("inventory"));
		assertThat(this.driver.findElements(By.cssSelector("tr.tl-row .bar"))).hasSize(names.size());
		// Selecting a subsegment opens its details.
		this.driver.findElement(By.cssSelector("tr.tl-row[data-name='DynamoDB']")).click();
		this.driver.findElement(By.cssSelector(".tabs button[data-tab='resources']")).click();
		assertThat(this.driver.findElement(By.id("details-body")).getText()).contains("PutItem", "orders");
		this.driver.findElement(By.cssSelector("tr.tl-row[data-name='frontend']")).click();
		this.driver.findElement(By.cssSelector(".tabs button[data-tab='annotations']")).click();
		assertThat(this.driver.findElement(By.id("details-body")).getText()).contains("customer", "c-1042");
		screenshot("timeline");

		open(base + "#/map");
		waitFor(By.cssSelector("svg.service-map g.node"));
		List<String> nodes = this.driver.findElements(By.cssSelector("svg.service-map g.node"))
			.stream()
			.map((element) -> element.getAttribute("data-name"))
			.toList();
		assertThat(nodes).contains("client", "frontend", "orders", "inventory", "DynamoDB", "inventory@postgres");
		assertThat(this.driver
			.findElements(By.cssSelector("svg.service-map g.edge[data-source='frontend'][data-target='orders']")))
			.singleElement()
			.satisfies((edge) -> assertThat(edge.getText()).contains("3 req"));
		assertThat(this.driver
			.findElements(By.cssSelector("svg.service-map g.edge[data-source='orders'][data-target='inventory']")))
			.hasSize(1);
		this.driver.findElement(By.cssSelector("svg.service-map g.node[data-name='orders']")).click();
		assertThat(this.driver.findElement(By.id("map-details")).getText()).contains("Faults (5xx)", "1 (33.3%)");
		screenshot("service-map");

		open(base + "#/sampling");
		waitFor(By.cssSelector("#sampling-panel table.grid tbody tr"));
		assertThat(this.driver.findElement(By.id("sampling-panel")).getText()).contains("Default", "Reservoir");
		screenshot("sampling");

		open(base + "#/daemon");
		waitFor(By.cssSelector(".cards .card"));
		assertThat(this.driver.findElement(By.id("daemon-body")).getText()).contains("Received", "15");
		screenshot("daemon");
	}

	@Test
	void showsAnUnusualTraceWithoutAScriptErrorAndLeavesOutTheRejectedDocument() {
		InetSocketAddress udp = this.receiver.getLocalAddress();
		long acceptedBefore = this.receiver.getCounters().getAccepted();
		double now = TestDocuments.now();
		String traceId = TestDocuments.traceId();
		String root = TestDocuments.id();
		String child = TestDocuments.id();
		// Accepted, with optional fields null, empty or of every allowed kind.
		TestDocuments.send(udp, TestDocuments.segment(traceId, root, "unusual", now - 2, now - 1,
				"\"http\":{\"request\":null,\"response\":{}},\"aws\":{\"xray\":null},\"annotations\":{\"z\":null,"
						+ "\"b\":false},\"metadata\":null,\"fault\":true,\"cause\":\"0123456789abcdef\","
						+ "\"subsegments\":[{\"id\":\"" + child + "\",\"name\":\"in-flight\",\"start_time\":"
						+ (now - 1.5)
						+ ",\"in_progress\":true,\"cause\":{\"exceptions\":[{\"id\":\"0123456789abcdef\"},{\"stack\":[{}]}]}},"
						+ "{\"id\":\"" + TestDocuments.id() + "\",\"name\":\"no-end\",\"start_time\":" + (now - 1.4)
						+ ",\"end_time\":null,\"sql\":{}}]"));
		TestDocuments.send(udp, TestDocuments.subsegment(traceId, child, TestDocuments.id(), "late", now - 1.3,
				now - 1.2, "\"namespace\":\"remote\",\"http\":{\"response\":{\"status\":503}}"));
		// Rejected: before shapes were checked at ingestion this one was stored and broke
		// the timeline.
		TestDocuments.send(udp, TestDocuments.subsegment(traceId, root, TestDocuments.id(), "oops", now - 1.8,
				now - 1.7, "\"subsegments\":\"oops\""));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.receiver.getCounters().getAccepted() == acceptedBefore + 2
					&& this.receiver.getCounters().getRejected(RejectReason.INVALID_DOCUMENT) >= 1);

		open("http://127.0.0.1:" + this.port + "/xray/#/traces/" + traceId);
		waitFor(By.cssSelector("tr.tl-row"));
		List<String> names = this.driver.findElements(By.cssSelector("tr.tl-row"))
			.stream()
			.map((element) -> element.getAttribute("data-name"))
			.toList();
		assertThat(names).containsExactly("unusual", "in-flight", "late", "no-end");
		for (String name : names) {
			this.driver.findElement(By.cssSelector("tr.tl-row[data-name='" + name + "']")).click();
			for (String tab : List.of("overview", "resources", "annotations", "metadata", "exceptions", "raw")) {
				this.driver.findElement(By.cssSelector(".tabs button[data-tab='" + tab + "']")).click();
				assertThat(this.driver.findElement(By.id("details-body")).getText()).isNotBlank();
			}
		}
		open("http://127.0.0.1:" + this.port + "/xray/#/map");
		waitFor(By.cssSelector("svg.service-map g.node[data-name='unusual']"));
		open("http://127.0.0.1:" + this.port + "/xray/#/traces");
		waitFor(By.cssSelector("tr.trace-row[data-trace-id='" + traceId + "']"));
		assertThat(scriptErrors()).isEmpty();
	}

	@Test
	void showsHostileTextAsTextAndNeverAsMarkup() {
		InetSocketAddress udp = this.receiver.getLocalAddress();
		long acceptedBefore = this.receiver.getCounters().getAccepted();
		double now = TestDocuments.now();
		String traceId = TestDocuments.traceId();
		String markup = "<img src=x onerror=window.xrayInjected=1>";
		// A service name with markup, a quote and a backslash (the last two need escaping
		// in a filter expression).
		String service = markup + " \"q\\";
		String serviceJson = markup + " \\\"q\\\\";
		TestDocuments.send(udp, TestDocuments.segment(traceId, TestDocuments.id(), serviceJson, now - 2, now - 1,
				TestDocuments.http("GET", "http://localhost/<script>window.xrayInjected=2</script>", 200)
						+ ",\"annotations\":{\"<b>key</b>\":\"<i>value</i>\"}"
						+ ",\"metadata\":{\"<svg onload=window.xrayInjected=3>\":{\"html\":\"</pre>" + markup + "\"}}"
						// Objects where the UI expects text, with members named like the
						// DOM's and JavaScript's own.
						+ ",\"aws\":{\"xray\":{\"rule_name\":{\"nodeType\":1},\"sdk\":{\"toString\":1,\"valueOf\":1},"
						+ "\"sdk_version\":\"<u>1</u>\"}}" + ",\"subsegments\":[{\"id\":\"" + TestDocuments.id()
						+ "\",\"name\":\"" + markup + "\",\"namespace\":\"remote\",\"start_time\":" + (now - 1.8)
						+ ",\"end_time\":" + (now - 1.2)
						+ ",\"cause\":{\"exceptions\":[{\"type\":\"<b>Boom</b>\",\"message\":\"" + markup
						+ "\",\"stack\":[{\"label\":\"<i>frame</i>\",\"path\":\"p\",\"line\":3}]}]}}]"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.receiver.getCounters().getAccepted() == acceptedBefore + 1);

		String base = "http://127.0.0.1:" + this.port + "/xray/";
		open(base + "#/traces/" + traceId);
		waitFor(By.cssSelector("tr.tl-row"));
		List<WebElement> rows = this.driver.findElements(By.cssSelector("tr.tl-row"));
		assertThat(rows).extracting((row) -> row.getAttribute("data-name")).containsExactly(service, markup);
		assertThat(rows.get(0).getText()).contains(service);
		rows.get(0).click();
		assertThat(detailsTab("overview")).contains("{\"nodeType\":1}", "{\"toString\":1,\"valueOf\":1} <u>1</u>");
		assertThat(detailsTab("resources")).contains("http://localhost/<script>window.xrayInjected=2</script>");
		assertThat(detailsTab("annotations")).contains("<b>key</b>", "\"<i>value</i>\"");
		assertThat(detailsTab("metadata")).contains("<svg onload=window.xrayInjected=3>", "</pre>" + markup);
		assertThat(detailsTab("raw")).contains("</pre>" + markup);
		rows.get(1).click();
		assertThat(detailsTab("exceptions")).contains("<b>Boom</b>: " + markup, "at <i>frame</i> (p:3)");

		open(base + "#/map");
		waitFor(By.cssSelector("svg.service-map g.node"));
		WebElement node = this.driver.findElements(By.cssSelector("svg.service-map g.node"))
			.stream()
			.filter((element) -> service.equals(element.getAttribute("data-name")))
			.findFirst()
			.orElseThrow();
		assertThat(this.driver.findElements(By.cssSelector("svg.service-map g.node")))
			.anySatisfy((element) -> assertThat(element.getAttribute("data-name")).isEqualTo(markup));
		node.click();
		assertThat(this.driver.findElement(By.id("map-details")).getText()).contains(service);
		// The link to the service's traces quotes the name in the filter expression.
		this.driver.findElement(By.cssSelector("#map-details a")).click();
		waitFor(By.cssSelector("tr.trace-row[data-trace-id='" + traceId + "']"));
		assertThat(this.driver.findElement(By.id("filter")).getAttribute("value"))
			.isEqualTo("service(\"" + markup + " \\\"q\\\\\")");
		assertThat(this.driver.findElement(By.id("query-error")).getText()).isEmpty();

		assertThat(this.driver.findElements(By.cssSelector("img, svg svg, #main script"))).isEmpty();
		assertThat(this.driver.executeScript("return window.xrayInjected === undefined")).isEqualTo(true);
		assertThat(scriptErrors()).isEmpty();
	}

	@Test
	void editsCreatesAndDeletesSamplingRulesOnTheSamplingPageAndTheApiServesTheChanges() throws Exception {
		this.samplingRules.create(new SamplingRuleRequest("checkout", null, "*", 20, 0.1, 2, "shop", "*", "*", "POST",
				"/checkout", 1, Map.of("tier", "<b>gold</b>")));
		String client = "0123456789abcdef01234567";
		this.samplingRules.report(new SamplingRules.Statistics("checkout", client, 12, 3, 1));
		String base = "http://127.0.0.1:" + this.port + "/xray/";
		open(base + "#/sampling");
		By checkoutRow = By.cssSelector("#sampling-panel tr[data-rule='checkout']");
		waitFor(checkoutRow);
		assertThat(this.driver.findElement(checkoutRow).getText()).contains("checkout", "20", "2/s", "10%", "12",
				"<b>gold</b>");
		// Live statistics: the rule's windows and its clients.
		this.driver.findElement(checkoutRow).click();
		waitFor(By.cssSelector("tr.rule-details tr[data-client='" + client + "']"));
		assertThat(this.driver.findElement(By.cssSelector("tr.rule-details")).getText()).contains("12/3/1");
		screenshot("sampling-rules");

		// Edit: the change is saved through UpdateSamplingRule and served by
		// GetSamplingRules.
		this.driver.findElement(By.cssSelector("button.rule-edit[data-rule='checkout']")).click();
		waitFor(By.id("rule-form"));
		assertThat(this.driver.findElement(By.id("rule-RuleName")).isEnabled()).isFalse();
		replace("rule-FixedRate", "0.75");
		replace("rule-URLPath", "/checkout/v2");
		screenshot("sampling-edit");
		this.driver.findElement(By.id("rule-save")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.driver.findElements(By.id("rule-form")).isEmpty());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.driver.findElement(checkoutRow).getText().contains("75%"));
		JsonNode checkout = servedRule("checkout");
		assertThat(checkout.path("FixedRate").doubleValue()).isEqualTo(0.75);
		assertThat(checkout.path("URLPath").stringValue()).isEqualTo("/checkout/v2");
		assertThat(checkout.path("HTTPMethod").stringValue()).isEqualTo("POST");
		assertThat(checkout.path("Attributes").path("tier").stringValue()).isEqualTo("<b>gold</b>");

		// The API's refusal is shown as it came, and nothing changes.
		this.driver.findElement(By.cssSelector("button.rule-edit[data-rule='checkout']")).click();
		waitFor(By.id("rule-form"));
		replace("rule-Priority", "0");
		this.driver.findElement(By.id("rule-save")).click();
		waitFor(By.cssSelector("#rule-error .alert"));
		assertThat(this.driver.findElement(By.id("rule-error")).getText()).contains("InvalidRequestException",
				"'samplingRuleUpdate.priority'");
		assertThat(servedRule("checkout").path("Priority").intValue()).isEqualTo(20);
		this.driver.findElement(By.id("rule-cancel")).click();

		// Only the Default rule's reservoir and fixed rate can be edited.
		this.driver.findElement(By.cssSelector("button.rule-edit[data-rule='Default']")).click();
		waitFor(By.id("rule-form"));
		assertThat(this.driver.findElement(By.id("rule-URLPath")).isEnabled()).isFalse();
		assertThat(this.driver.findElement(By.id("rule-FixedRate")).isEnabled()).isTrue();
		this.driver.findElement(By.id("rule-cancel")).click();
		assertThat(this.driver.findElements(By.cssSelector("button.rule-delete[data-rule='Default']"))).isEmpty();

		// Create, with a name that is markup, and delete after confirming.
		String markup = "<img src=x onerror=1>";
		this.driver.findElement(By.id("rule-new")).click();
		waitFor(By.id("rule-form"));
		replace("rule-RuleName", markup);
		replace("rule-Priority", "5");
		replace("rule-Attributes", "team=ops");
		this.driver.findElement(By.id("rule-save")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.driver.findElements(By.id("rule-form")).isEmpty());
		JsonNode created = servedRule(markup);
		assertThat(created.path("Priority").intValue()).isEqualTo(5);
		assertThat(created.path("Version").intValue()).isEqualTo(1);
		assertThat(created.path("Attributes").path("team").stringValue()).isEqualTo("ops");
		By createdRow = By.cssSelector("#sampling-panel tr[data-rule='" + markup + "']");
		waitFor(createdRow);
		this.driver.findElement(By.cssSelector("button.rule-delete[data-rule='checkout']")).click();
		waitFor(By.cssSelector("button.rule-delete-confirm[data-rule='checkout']"));
		this.driver.findElement(By.cssSelector("button.rule-delete-confirm[data-rule='checkout']")).click();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.driver.findElements(checkoutRow).isEmpty());
		assertThat(servedRuleNames()).containsExactly(markup, "Default");
		// Markup in rule names and attributes stays text.
		assertThat(this.driver.findElement(createdRow).getText()).contains(markup);
		assertThat(this.driver.findElements(By.cssSelector("#main img"))).isEmpty();
		assertThat(scriptErrors()).isEmpty();
	}

	private void replace(String id, String text) {
		WebElement input = this.driver.findElement(By.id(id));
		input.clear();
		input.sendKeys(text);
	}

	private JsonNode getSamplingRules() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/xray/GetSamplingRules"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body()).path("SamplingRuleRecords");
	}

	private List<String> servedRuleNames() throws IOException, InterruptedException {
		List<String> names = new ArrayList<>();
		getSamplingRules().forEach((record) -> names.add(record.path("SamplingRule").path("RuleName").stringValue()));
		return names;
	}

	private JsonNode servedRule(String name) throws IOException, InterruptedException {
		for (JsonNode record : getSamplingRules()) {
			if (name.equals(record.path("SamplingRule").path("RuleName").stringValue())) {
				return record.path("SamplingRule");
			}
		}
		throw new AssertionError("GetSamplingRules does not serve " + name);
	}

	/**
	 * Open a tab of the details panel and return its text; markup in the data must stay
	 * text.
	 */
	private String detailsTab(String tab) {
		this.driver.findElement(By.cssSelector(".tabs button[data-tab='" + tab + "']")).click();
		assertThat(this.driver.findElements(By.cssSelector("#details-body b, #details-body i, #details-body u, "
				+ "#details-body img, #details-body svg, #details-body script")))
			.isEmpty();
		return this.driver.findElement(By.id("details-body")).getText();
	}

	/**
	 * Open a view with automatic refresh off, so that elements the test holds are not
	 * replaced under it.
	 */
	private void open(String url) {
		this.driver.get(url);
		WebElement autoRefresh = this.driver.findElement(By.id("auto-refresh"));
		if (autoRefresh.isSelected()) {
			autoRefresh.click();
		}
	}

	private List<String> scriptErrors() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> !message.contains("Failed to load resource"))
			.toList();
	}

	private void waitFor(By selector) {
		await().atMost(Duration.ofSeconds(15)).until(() -> !this.driver.findElements(selector).isEmpty());
	}

	private void screenshot(String name) throws IOException {
		String directory = System.getProperty("xray.console.screenshots");
		if (directory != null && !directory.isBlank()) {
			File file = this.driver.getScreenshotAs(OutputType.FILE);
			Path target = Path.of(directory, "console-" + name + ".png");
			Files.createDirectories(target.getParent());
			Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
