package org.xrayspring.autoconfigure.jdbc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * A Boot application on a random port with a traced H2 pool, whose handlers run inserts
 * that violate a unique key with a secret value and let the exception escape: Spring's
 * {@code DuplicateKeyException} repeats the statement and the driver's message, and the
 * servlet filter and {@code @XRayCapture} record it (or the application's own wrapper of
 * it) on their entities. Outside {@code raw} mode no document the daemon receives over
 * UDP contains the value anywhere, while every exception type is still there.
 */
class SqlExceptionWrappersNotRecordedTests {

	private static final String SECRET = "alice-secret@example.com";

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final FakeDaemon daemon = new FakeDaemon();

	private final HttpClient client = HttpClient.newHttpClient();

	@AfterAll
	static void closeDaemon() {
		daemon.close();
	}

	@ParameterizedTest(name = "xray.jdbc.record-sql={0}")
	@ValueSource(strings = { "sanitized", "none", "raw" })
	void driverAndFrameworkMessagesAreWithheldOutsideRawMode(String mode) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.application.name=accounts",
					"xray.sampling.rate=1", "xray.daemon-address=" + daemon.address(), "xray.jdbc.record-sql=" + mode)
			.run()) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.execute("create table accounts (id int primary key, email varchar(200) unique)");
			jdbc.execute("insert into accounts (id, email) values (1, '" + SECRET + "')");
			daemon.drain(Duration.ofMillis(50));
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);

			List<String> literal = request(port, "/accounts/literal");
			assertRecorded(literal, mode, "org.springframework.dao.DuplicateKeyException",
					"org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException");

			List<String> captured = request(port, "/accounts/captured");
			assertRecorded(captured, mode, IllegalStateException.class.getName(),
					"org.springframework.dao.DuplicateKeyException",
					"org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException");
		}
	}

	/**
	 * Sends the request and returns the body of every document the daemon receives for
	 * it.
	 */
	private List<String> request(int port, String path) throws Exception {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(500);
		List<String> bodies = new ArrayList<>();
		JsonNode document;
		do {
			Datagram datagram = daemon.next(WAIT);
			assertThat(datagram.daemonAccepts()).isTrue();
			bodies.add(datagram.body());
			document = assertValidDocument(datagram.body());
		}
		while (document.has("type") || !document.path("http").path("request").path("url").asString().endsWith(path));
		// anything else sent for the request, e.g. for the container's error dispatch
		for (Datagram datagram : daemon.drain(Duration.ofMillis(200))) {
			assertThat(datagram.daemonAccepts()).isTrue();
			assertValidDocument(datagram.body());
			bodies.add(datagram.body());
		}
		return bodies;
	}

	private void assertRecorded(List<String> bodies, String mode, String... types) {
		List<String> recordedTypes = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		for (String body : bodies) {
			for (JsonNode entity : XRayDocuments.entities(assertValidDocument(body))) {
				for (JsonNode exception : entity.path("cause").path("exceptions")) {
					recordedTypes.add(exception.path("type").asString());
					messages.add(exception.path("message").asString());
				}
			}
		}
		assertThat(recordedTypes).contains(types);
		if (mode.equals("raw")) {
			// what the other modes must keep out
			assertThat(messages).anyMatch((message) -> message.contains(SECRET));
		}
		else {
			for (String body : bodies) {
				assertThat(body).doesNotContain(SECRET).doesNotContain("alice-secret");
			}
			assertThat(messages).contains("message withheld: caused by an exception whose message was withheld");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ AccountsController.class, Accounts.class })
	static class TestApplication {

	}

	@RestController
	static class AccountsController {

		private final JdbcTemplate jdbc;

		private final Accounts accounts;

		AccountsController(JdbcTemplate jdbc, Accounts accounts) {
			this.jdbc = jdbc;
			this.accounts = accounts;
		}

		@PostMapping("/accounts/literal")
		String literal() {
			this.jdbc.update("insert into accounts (id, email) values (2, '" + SECRET + "')");
			return "created";
		}

		@PostMapping("/accounts/captured")
		String captured() {
			this.accounts.register(3, SECRET);
			return "created";
		}

	}

	@Component
	static class Accounts {

		private final JdbcTemplate jdbc;

		Accounts(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@XRayCapture
		void register(int id, String email) {
			try {
				this.jdbc.update("insert into accounts (id, email) values (?, ?)", id, email);
			}
			catch (RuntimeException ex) {
				// the application's own wrapper, which quotes the value as well
				throw new IllegalStateException("Cannot register " + email, ex);
			}
		}

	}

}
