package org.xrayspring.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * With {@code xray.jdbc.record-sql=sanitized}, statements full of literals run for real
 * on MariaDB and PostgreSQL through the traced pool, many of them failing with driver
 * messages that quote the values; the document the daemon receives over UDP is valid and
 * contains none of the values, and the recorded query reads as the statement with
 * {@code ?} for each literal. Each database's cases are skipped when it is not reachable.
 */
class SqlLiteralsNotRecordedTests {

	private static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";

	private static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	/**
	 * Outside a trace before each case: its duplicate is what the failing inserts run
	 * into.
	 */
	private static final String EXISTING = "insert into xray_leaks (id, email) values (1, 'alice@example.com')";

	private static final FakeDaemon daemon = new FakeDaemon();

	@AfterAll
	static void closeDaemon() {
		daemon.close();
	}

	static Stream<Arguments> mariaDbCases() {
		return Stream.of(
				arguments("insert into xray_leaks (id, email) values (2, 'alice@example.com')",
						"insert into xray_leaks (id, email) values (?, ?)", List.of("alice@example.com"), true),
				arguments("select * from xray_leaks where email = \"bob-dq@example.com\" and id = 5",
						"select * from xray_leaks where email = ? and id = ?", List.of("bob-dq@example.com"), false),
				arguments("select * from xray_leaks where note = 'C:\\\\' and email = 'carol@example.com'",
						"select * from xray_leaks where note = ? and email = ?", List.of("carol@example.com"), false),
				arguments("select * from xray_leaks where note = 'O\\'Brien-secret' and email = 'dave@example.com'",
						"select * from xray_leaks where note = ?", List.of("Brien-secret", "dave@example.com"), false),
				arguments("select id from xray_leaks # it's a comment\nwhere email = 'erin@example.com'",
						"select id from xray_leaks # it's a comment\nwhere email = ?", List.of("erin@example.com"),
						false),
				arguments("select 7391846025--3 as x, 'frank@example.com' as y -- it's\n",
						"select ?--? as x, ? as y -- it's\n", List.of("7391846025", "frank@example.com"), false),
				arguments(
						"select X'ABCDEF12', 0x626172, B'10110011100011', 0b11110000111, N'grace@example.com',"
								+ " _utf8mb4'heidi@example.com', 4.5e17, -739184.6025",
						"select ?, ?, ?, ?, ?, ?, ?, -?",
						List.of("ABCDEF12", "626172", "10110011100011", "11110000111", "grace@example.com",
								"heidi@example.com", "4.5e17", "739184.6025"),
						false),
				arguments(
						"select * from xray_leaks where id in (73918461, 73918462) or email in ('k1@x.org', 'k2@x.org')",
						"select * from xray_leaks where id in (?, ?) or email in (?, ?)",
						List.of("73918461", "73918462", "k1@x.org", "k2@x.org"), false),
				arguments("select /*!40101 'ivan@example.com', */ 1", "select /*!40101 ?, */ ?",
						List.of("ivan@example.com"), false),
				arguments("selec 'mallory@example.com' from xray_leaks", "selec ? from xray_leaks",
						List.of("mallory@example.com"), true),
				arguments("select 'oscar@example.com", "select ?", List.of("oscar@example.com"), true),
				arguments("select /* don't */ 'peggy@example.com'", "select /* don't */ ?",
						List.of("peggy@example.com"), false));
	}

	static Stream<Arguments> postgresCases() {
		return Stream.of(
				arguments("insert into xray_leaks (id, email) values (2, 'alice@example.com')",
						"insert into xray_leaks (id, email) values (?, ?)", List.of("alice@example.com"), true),
				arguments("select \"email\" from xray_leaks where email = 'bob@example.com'",
						"select \"email\" from xray_leaks where email = ?", List.of("bob@example.com"), false),
				arguments("select * from xray_leaks where note = 'C:\\' and email = 'carol@example.com'",
						"select * from xray_leaks where note = ?", List.of("carol@example.com"), false),
				arguments("select E'O\\'Brien-secret' as a, 'dave@example.com' as b", "select ? as a, ? as b",
						List.of("Brien-secret", "dave@example.com"), false),
				arguments("select $$erin@example.com$$, $tag$it's frank@example.com$tag$", "select ?, ?",
						List.of("erin@example.com", "frank@example.com"), false),
				arguments("select /* outer /* inner */ it's */ 'grace@example.com'",
						"select /* outer /* inner */ it's */ ?", List.of("grace@example.com"), false),
				arguments("select 'heidi@example.com' -- it's 42\n", "select ? -- it's 42\n",
						List.of("heidi@example.com"), false),
				arguments(
						"select X'ABCDEF12', B'10110011100011', 4.5e17, -739184.6025, 7391846025,"
								+ " U&'ivan@example.com', N'kate@example.com'",
						"select ?, ?, ?, -?, ?, U&?, ?",
						List.of("ABCDEF12", "10110011100011", "4.5e17", "739184.6025", "7391846025", "ivan@example.com",
								"kate@example.com"),
						false),
				arguments("select 'judy-secret'::int", "select ?::int", List.of("judy-secret"), true),
				arguments("select * from xray_leaks where email in ('k1@x.org', 'k2@x.org')",
						"select * from xray_leaks where email in (?, ?)", List.of("k1@x.org", "k2@x.org"), false),
				arguments("insert into xray_leaks (id, email, note) values (null, 'mallory@example.com', 'n')",
						"insert into xray_leaks (id, email, note) values (null, ?, ?)", List.of("mallory@example.com"),
						true),
				arguments("select 'oscar@example.com", "select ?", List.of("oscar@example.com"), true));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("mariaDbCases")
	void mariaDb(String sql, String expected, List<String> secrets, boolean fails) {
		DatabaseAvailability.assumeReachable(MARIADB_URL, "root", "");
		assertNotRecorded(MARIADB_URL, "root", sql, expected, secrets, fails);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("postgresCases")
	void postgres(String sql, String expected, List<String> secrets, boolean fails) {
		DatabaseAvailability.assumeReachable(POSTGRES_URL, "postgres", "");
		assertNotRecorded(POSTGRES_URL, "postgres", sql, expected, secrets, fails);
	}

	private void assertNotRecorded(String url, String user, String sql, String expected, List<String> secrets,
			boolean fails) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, DataSourceAutoConfiguration.class,
					XRayJdbcAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + user,
					"spring.datasource.hikari.maximum-pool-size=1", "xray.sampling.rate=1",
					"xray.daemon-address=" + daemon.address(), "xray.jdbc.record-sql=sanitized")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				DataSource dataSource = context.getBean(DataSource.class);
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute("drop table if exists xray_leaks");
					statement.execute("create table xray_leaks (id int primary key, email varchar(200) unique,"
							+ " note varchar(200))");
					statement.execute(EXISTING);
				}
				daemon.drain(Duration.ofMillis(50));
				Segment segment = recorder.beginSegment("sql-literals");
				SQLException failure = null;
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute(sql);
				}
				catch (SQLException ex) {
					failure = ex;
				}
				recorder.endSegment();
				assertThat(failure != null).as("statement fails: %s", failure).isEqualTo(fails);
				if (failure != null) {
					// the driver's own message does carry a value: what the recorder must
					// not write
					assertThat(secrets).anyMatch(failure.getMessage()::contains);
				}

				String body;
				JsonNode document;
				do {
					FakeDaemon.Datagram datagram = daemon.next(Duration.ofSeconds(10));
					assertThat(datagram.daemonAccepts()).isTrue();
					body = datagram.body();
					document = XRayDocuments.assertValidDocument(body);
				}
				while (!document.path("id").asString().equals(segment.getId()));
				for (String secret : secrets) {
					assertThat(body).as("the document").doesNotContain(secret);
				}
				List<JsonNode> entities = XRayDocuments.entities(document);
				assertThat(entities).hasSize(2);
				JsonNode query = entities.get(1);
				assertThat(query.path("sql").path("sanitized_query").asString()).isEqualTo(expected);
				assertThat(query.path("fault").asBoolean()).isEqualTo(fails);
				if (fails) {
					JsonNode exception = query.path("cause").path("exceptions").get(0);
					assertThat(exception.path("type").asString()).isEqualTo(failure.getClass().getName());
					assertThat(exception.path("message").asString())
						.isEqualTo("message withheld (xray.jdbc.record-sql=sanitized): SQLState "
								+ failure.getSQLState() + ", error code " + failure.getErrorCode());
				}
			});
	}

}
