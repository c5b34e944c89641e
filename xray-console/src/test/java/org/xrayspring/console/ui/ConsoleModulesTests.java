package org.xrayspring.console.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UI is native ES modules: the page loads its entry module with
 * {@code <script type="module">}, and a browser runs a module script only when it is
 * served with a JavaScript MIME type; it fetches modules in CORS mode, so the request may
 * carry the page's own {@code Origin}. Follows every import from the entry module over
 * HTTP, as a browser does, against the console embedded under {@code /xray}.
 *
 * @author xray-spring-boot
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "xray.console.enabled=true", "xray.console.udp-enabled=false" })
class ConsoleModulesTests {

	private static final String UI = "META-INF/xray-console/ui/";

	private static final Pattern IMPORT = Pattern.compile(
			"^\\s*(?:import|export)\\b[^;]*?\\bfrom\\s*'([^']+)'|\\bimport\\s*\\(\\s*'([^']+)'", Pattern.MULTILINE);

	private static final Pattern JAVASCRIPT = Pattern.compile("(text|application)/javascript(;.*)?");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void pageLoadsTheEntryModuleAsAModule() throws Exception {
		HttpResponse<String> index = get("/xray/", null);
		assertThat(index.statusCode()).isEqualTo(200);
		assertThat(index.body()).contains("<script type=\"module\" src=\"console.js\"></script>");
	}

	@Test
	void everyModuleIsReachableFromTheEntryModuleAndServedAsJavaScriptToItsOwnOrigin() throws Exception {
		URI base = URI.create("http://127.0.0.1:" + this.port + "/xray/");
		String origin = "http://127.0.0.1:" + this.port;
		Set<String> reached = new LinkedHashSet<>();
		Deque<URI> pending = new ArrayDeque<>();
		pending.add(base.resolve("console.js"));
		while (!pending.isEmpty()) {
			URI module = pending.remove();
			String path = base.relativize(module).toString();
			if (!reached.add(path)) {
				continue;
			}
			assertThat(path).as("module inside the console's base path").doesNotStartWith("/").doesNotContain("..");
			HttpResponse<String> response = get(module.getRawPath(), origin);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).matches(JAVASCRIPT));
			Matcher imports = IMPORT.matcher(response.body());
			while (imports.find()) {
				String specifier = (imports.group(1) != null) ? imports.group(1) : imports.group(2);
				// Bare specifiers ("lib") need an import map and absolute URLs leave the
				// console: neither is used.
				assertThat(specifier).as("import in " + path).matches("\\.\\.?/.*\\.js");
				pending.add(module.resolve(specifier));
			}
		}
		assertThat(reached).containsExactlyInAnyOrderElementsOf(moduleFiles());
	}

	@Test
	void modulesAreRefusedToAnotherOrigin() throws Exception {
		HttpResponse<String> response = get("/xray/modules/api.js", "http://evil.example");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("fetch");
	}

	private Set<String> moduleFiles() throws IOException {
		Set<String> files = new TreeSet<>();
		Resource root = new PathMatchingResourcePatternResolver().getResource("classpath:" + UI);
		String rootUri = root.getURI().toString();
		for (Resource resource : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:" + UI + "**/*.js")) {
			files.add(resource.getURI().toString().substring(rootUri.length()));
		}
		assertThat(files).contains("console.js");
		return files;
	}

	private HttpResponse<String> get(String path, String origin) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (origin != null) {
			request.header("Origin", origin);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
