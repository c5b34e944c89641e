package org.xrayspring.autoconfigure.jdbc;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * Credentials in a data source's JDBC URL never reach the SQL subsegments
 * ({@code sql.url}, the name {@code <database>@<host>}, anything else): real databases
 * through Boot's pool, documents sent over UDP to a fake daemon; and Oracle's
 * {@code user/password@} forms through {@link DatabaseInfo#read}.
 */
class JdbcUrlRedactionTests {

	private static final String PASSWORD_SECRET = "PasswordSecret4711";

	private static final String TOKEN_SECRET = "TokenSecret4711";

	private final FakeDaemon daemon = new FakeDaemon();

	@AfterEach
	void closeDaemon() {
		this.daemon.close();
	}

	@Test
	void h2PasswordInTheUrlIsNotRecorded() {
		// H2 accepts a password both in the URL and as the pool's property when they
		// agree
		JsonNode query = tracedQuery("jdbc:h2:mem:urlsecrets;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=" + PASSWORD_SECRET,
				"sa", PASSWORD_SECRET);
		assertThat(query.path("name").asString()).isEqualTo("URLSECRETS@localhost");
		// H2 reports its URL without the settings; the redaction of H2's settings is in
		// UrlRedactorTests
		assertThat(query.path("sql").path("url").asString()).isEqualTo("jdbc:h2:mem:urlsecrets");
	}

	@Test
	void postgresqlSecretParametersInTheUrlAreNotRecorded() {
		String url = "jdbc:postgresql://127.0.0.1:5432/test?access_token=" + TOKEN_SECRET + "&password="
				+ PASSWORD_SECRET + "&ApplicationName=xray-url-tests";
		DatabaseAvailability.assumeReachable(url, "postgres", "");
		JsonNode query = tracedQuery(url, "postgres", "");
		assertThat(query.path("name").asString()).isEqualTo("test@127.0.0.1");
		assertThat(query.path("sql").path("url").asString()).isEqualTo(
				"jdbc:postgresql://127.0.0.1:5432/test?access_token=REDACTED&password=REDACTED&ApplicationName=xray-url-tests");
	}

	/**
	 * Runs one statement in a trace and returns its subsegment, after checking the whole
	 * datagram.
	 */
	private JsonNode tracedQuery(String url, String username, String password) {
		JsonNode[] query = new JsonNode[1];
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, DataSourceAutoConfiguration.class,
					XRayJdbcAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + username,
					"spring.datasource.password=" + password, "xray.sampling.rate=1",
					"xray.daemon-address=" + this.daemon.address())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				recorder.beginSegment("jdbc-test");
				try (Connection connection = context.getBean(DataSource.class).getConnection();
						Statement statement = connection.createStatement()) {
					statement.executeQuery("select 1").close();
				}
				recorder.endSegment();
				Datagram datagram = this.daemon.next(Duration.ofSeconds(10));
				assertThat(datagram.daemonAccepts()).isTrue();
				assertThat(new String(datagram.bytes(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD_SECRET)
					.doesNotContain(TOKEN_SECRET);
				JsonNode segment = assertValidDocument(datagram.body());
				assertThat(segment.path("subsegments").size()).isOne();
				query[0] = segment.path("subsegments").get(0);
			});
		return query[0];
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					jdbc:oracle:thin:scott/tiger@//db.example.com:1521/ORCL | ORCL@db.example.com | jdbc:oracle:thin:@//db.example.com:1521/ORCL
					jdbc:oracle:thin:scott/tiger@myalias                    | myalias@myalias     | jdbc:oracle:thin:@myalias
					jdbc:oracle:oci:scott/tiger@myalias                     | myalias@myalias     | jdbc:oracle:oci:@myalias
					jdbc:oracle:thin:scott/tiger@dbhost:1521:orcl           | orcl@dbhost         | jdbc:oracle:thin:@dbhost:1521:orcl
					""")
	void oracleCredentialsReachNeitherNameNorUrl(String url, String name, String recordedUrl) throws SQLException {
		DatabaseInfo info = DatabaseInfo.read(connection(url, null));
		assertThat(info.name()).isEqualTo(name).doesNotContain("tiger").doesNotContain("scott");
		assertThat(info.url()).isEqualTo(recordedUrl);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			jdbc:mysql://app:tiger@db.example.com:3306/shop        | shop@db.example.com
			jdbc:db2://db:50000/sample:user=scott;password=tiger;  | sample@db
			jdbc:mysql://app:ti;ger@db/shop                        | shop@db
			""")
	void credentialsDoNotReachTheNameWithoutCatalog(String url, String name) throws SQLException {
		DatabaseInfo info = DatabaseInfo.read(connection(url, null));
		assertThat(info.name()).isEqualTo(name);
		assertThat(info.url()).doesNotContain("tiger").doesNotContain("ger@").doesNotContain("scott");
	}

	/**
	 * A connection whose metadata reports the URL, as a driver for that database would.
	 */
	private static Connection connection(String url, String catalog) {
		DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(
				JdbcUrlRedactionTests.class.getClassLoader(), new Class<?>[] { DatabaseMetaData.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "getURL" -> url;
					case "getDatabaseProductName" -> "Oracle";
					case "getUserName" -> "SCOTT";
					default -> (method.getReturnType() == String.class) ? "1.0" : null;
				});
		return (Connection) Proxy.newProxyInstance(JdbcUrlRedactionTests.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getMetaData" -> metaData;
					case "getCatalog" -> catalog;
					default -> null;
				});
	}

}
