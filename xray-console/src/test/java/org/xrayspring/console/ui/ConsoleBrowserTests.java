package org.xrayspring.console.ui;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

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
import org.xrayspring.console.TestDocuments;
import org.xrayspring.console.receiver.XRayConsoleReceiver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Browser test of the web UI in headless Chromium: a trace sent across three services over UDP must show in the
 * trace list, the segments timeline and the service map. Skipped where Debian's {@code chromium} and
 * {@code chromium-driver} are not installed. With {@code -Dxray.console.screenshots=DIR} it also saves
 * screenshots of each view.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-address=127.0.0.1:0" })
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
		this.driver.get(base + "#/traces");
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

		this.driver.get(base + "#/map");
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

		this.driver.get(base + "#/daemon");
		waitFor(By.cssSelector(".cards .card"));
		assertThat(this.driver.findElement(By.id("daemon-body")).getText()).contains("Received", "15");
		screenshot("daemon");
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
