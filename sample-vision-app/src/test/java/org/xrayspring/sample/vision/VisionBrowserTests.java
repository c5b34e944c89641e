package org.xrayspring.sample.vision;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads the page in headless Chromium: two images and their labels render, and the trace
 * link opens this request's trace in the embedded console. Skipped when Chromium or its
 * driver is not installed ({@code apt-get install -y chromium chromium-driver}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class VisionBrowserTests {

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestPorts.consoleOnFreeUdpPort(registry);
	}

	@LocalServerPort
	int port;

	private ChromeDriver driver;

	private Path profile;

	@BeforeEach
	void startBrowser() throws IOException {
		assumeTrue(CHROMEDRIVER.canExecute() && CHROMIUM.canExecute(),
				"Chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver)");
		this.profile = Files.createTempDirectory("vision-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1280,1000", "--user-data-dir=" + this.profile);
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
		if (this.profile != null) {
			FileSystemUtils.deleteRecursively(this.profile.toFile());
		}
	}

	@Test
	void pageShowsTwoLabelledImagesAndLinksToItsTrace() throws Exception {
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		List<WebElement> cards = this.driver.findElements(By.cssSelector(".card"));
		assertThat(cards).hasSize(2);
		for (WebElement card : cards) {
			WebElement photo = card.findElement(By.cssSelector("img.photo"));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> (Boolean) ((JavascriptExecutor) this.driver)
					.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", photo));
			List<WebElement> labels = card.findElements(By.cssSelector(".label"));
			assertThat(labels).isNotEmpty();
			assertThat(labels.get(0).findElement(By.cssSelector(".label-name")).getText()).isNotBlank();
			assertThat(labels.get(0).findElement(By.cssSelector(".label-confidence")).getText()).matches("\\d+\\.\\d%");
		}
		String traceId = this.driver.findElement(By.cssSelector(".trace-id")).getText();
		assertThat(traceId).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
		this.driver.findElement(By.id("trace-link")).click();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.driver.getCurrentUrl().contains("/xray/#/traces/" + traceId));
		// The console shows the trace once its segments have arrived; it refreshes by
		// itself.
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			String text = this.driver.findElement(By.tagName("body")).getText();
			return text.contains(traceId) && text.contains("GET");
		});
		// the console's UI has loaded and polled its API all along: none of that is
		// traced
		JsonNode summaries = VisionTraceIntegrationTests.post(this.port, "/xray/TraceSummaries",
				"{" + VisionTraceIntegrationTests.lastHour() + "}");
		assertThat(summaries.path("TraceSummaries")).isNotEmpty()
			.noneSatisfy((summary) -> assertThat(summary.path("Http").path("HttpURL").asString("")).contains("/xray"));
	}

}
