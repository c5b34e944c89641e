package org.xrayspring.console.ui;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
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
 * Browser test of the web UI in headless Chromium: a trace sent across three services over UDP must show in the
 * trace list, the segments timeline and the service map, and an unusual trace must show without a script error.
 * Skipped where Debian's {@code chromium} and {@code chromium-driver} are not installed. With
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
		List<String> names = this.driver.findElements(By.cssSelector("tr.tl-row")).stream()
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
		List<String> nodes = this.driver.findElements(By.cssSelector("svg.service-map g.node")).stream()
			.map((element) -> element.getAttribute("data-name"))
			.toList();
		assertThat(nodes).contains("client", "frontend", "orders", "inventory", "DynamoDB", "inventory@postgres");
		assertThat(this.driver.findElements(
				By.cssSelector("svg.service-map g.edge[data-source='frontend'][data-target='orders']")))
			.singleElement()
			.satisfies((edge) -> assertThat(edge.getText()).contains("3 req"));
		assertThat(this.driver.findElements(
				By.cssSelector("svg.service-map g.edge[data-source='orders'][data-target='inventory']")))
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
						+ "\"subsegments\":[{\"id\":\"" + child + "\",\"name\":\"in-flight\",\"start_time\":" + (now - 1.5)
						+ ",\"in_progress\":true,\"cause\":{\"exceptions\":[{\"id\":\"0123456789abcdef\"},{\"stack\":[{}]}]}},"
						+ "{\"id\":\"" + TestDocuments.id() + "\",\"name\":\"no-end\",\"start_time\":" + (now - 1.4)
						+ ",\"end_time\":null,\"sql\":{}}]"));
		TestDocuments.send(udp, TestDocuments.subsegment(traceId, child, TestDocuments.id(), "late", now - 1.3,
				now - 1.2, "\"namespace\":\"remote\",\"http\":{\"response\":{\"status\":503}}"));
		// Rejected: before shapes were checked at ingestion this one was stored and broke the timeline.
		TestDocuments.send(udp, TestDocuments.subsegment(traceId, root, TestDocuments.id(), "oops", now - 1.8,
				now - 1.7, "\"subsegments\":\"oops\""));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.receiver.getCounters().getAccepted() == acceptedBefore + 2
					&& this.receiver.getCounters().getRejected(RejectReason.INVALID_DOCUMENT) >= 1);

		open("http://127.0.0.1:" + this.port + "/xray/#/traces/" + traceId);
		waitFor(By.cssSelector("tr.tl-row"));
		List<String> names = this.driver.findElements(By.cssSelector("tr.tl-row")).stream()
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
		// A service name with markup, a quote and a backslash (the last two need escaping in a filter expression).
		String service = markup + " \"q\\";
		String serviceJson = markup + " \\\"q\\\\";
		TestDocuments.send(udp, TestDocuments.segment(traceId, TestDocuments.id(), serviceJson, now - 2, now - 1,
				TestDocuments.http("GET", "http://localhost/<script>window.xrayInjected=2</script>", 200)
						+ ",\"annotations\":{\"<b>key</b>\":\"<i>value</i>\"}"
						+ ",\"metadata\":{\"<svg onload=window.xrayInjected=3>\":{\"html\":\"</pre>" + markup + "\"}}"
						// Objects where the UI expects text, with members named like the DOM's and JavaScript's own.
						+ ",\"aws\":{\"xray\":{\"rule_name\":{\"nodeType\":1},\"sdk\":{\"toString\":1,\"valueOf\":1},"
						+ "\"sdk_version\":\"<u>1</u>\"}}"
						+ ",\"subsegments\":[{\"id\":\"" + TestDocuments.id() + "\",\"name\":\"" + markup
						+ "\",\"namespace\":\"remote\",\"start_time\":" + (now - 1.8) + ",\"end_time\":" + (now - 1.2)
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

	/**
	 * Open a tab of the details panel and return its text; markup in the data must stay text.
	 */
	private String detailsTab(String tab) {
		this.driver.findElement(By.cssSelector(".tabs button[data-tab='" + tab + "']")).click();
		assertThat(this.driver.findElements(By.cssSelector("#details-body b, #details-body i, #details-body u, "
				+ "#details-body img, #details-body svg, #details-body script")))
			.isEmpty();
		return this.driver.findElement(By.id("details-body")).getText();
	}

	/**
	 * Open a view with automatic refresh off, so that elements the test holds are not replaced under it.
	 */
	private void open(String url) {
		this.driver.get(url);
		WebElement autoRefresh = this.driver.findElement(By.id("auto-refresh"));
		if (autoRefresh.isSelected()) {
			autoRefresh.click();
		}
	}

	private List<String> scriptErrors() {
		return this.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
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
