package org.xrayspring.autoconfigure.jdbc;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Statement executions on a real database, through Boot's HikariCP pool, inside and
 * outside a trace. Subclasses name the database.
 */
abstract class AbstractJdbcTracingTests {

	/**
	 * In the URL of every database so that a test can check it never reaches a document.
	 */
	static final String SECRET = "xraysecret42";

	abstract String url();

	abstract String username();

	/** The expected subsegment name, {@code <database>@<host>}. */
	abstract String expectedName();

	abstract String expectedDatabaseType();

	/** A call through {@code prepareCall} that takes one integer parameter. */
	abstract String callableSql();

	/** Creates what {@link #callableSql()} needs. */
	void prepareCallable(Statement statement) throws SQLException {
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, DataSourceAutoConfiguration.class,
					XRayJdbcAutoConfiguration.class))
			.withBean(Emitter.class, InMemoryEmitter::new)
			.withPropertyValues("spring.datasource.url=" + url(), "spring.datasource.username=" + username(),
					"spring.datasource.hikari.maximum-pool-size=2", "xray.sampling.rate=1");
	}

	private void run(ContextConsumer<AssertableApplicationContext> consumer, String... properties) {
		runner().withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("drop table if exists xray_items");
				statement.execute("create table xray_items (id int primary key, name varchar(100))");
				prepareCallable(statement);
			}
			consumer.accept(context);
		});
	}

	@Test
	void dataSourceIsWrappedAndStillUnwrapsToHikari() {
		run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(XRayDataSource.class);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
			assertThat(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()).isEqualTo(url());
		});
	}

	@Test
	void eachKindOfExecutionInsideATraceIsASubsegmentUnderTheCurrentEntity() {
		run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
			DataSource dataSource = context.getBean(DataSource.class);
			emitter.clear();
			recorder.beginSegment("jdbc-test");
			Subsegment parent = recorder.beginSubsegment("repository");
			try (Connection connection = dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.executeUpdate("insert into xray_items (id, name) values (1, 'alice')");
					assertThat(statement.getConnection()).isSameAs(connection);
				}
				try (PreparedStatement statement = connection
					.prepareStatement("select name from xray_items where id = ? and name <> 'nobody'")) {
					statement.setInt(1, 1);
					try (ResultSet resultSet = statement.executeQuery()) {
						assertThat(resultSet.next()).isTrue();
						assertThat(resultSet.getString(1)).isEqualTo("alice");
					}
				}
				try (PreparedStatement statement = connection
					.prepareStatement("insert into xray_items (id, name) values (?, ?)")) {
					for (int id = 2; id <= 4; id++) {
						statement.setInt(1, id);
						statement.setString(2, "item" + id);
						statement.addBatch();
					}
					assertThat(statement.executeBatch()).hasSize(3);
				}
				try (CallableStatement statement = connection.prepareCall(callableSql())) {
					statement.setInt(1, 5);
					statement.execute();
				}
			}
			parent.end();
			recorder.endSegment();

			List<JsonNode> documents = emitter.validDocuments();
			assertThat(documents).hasSize(1);
			JsonNode segment = documents.get(0);
			JsonNode repository = XRayDocuments.named(segment, "repository").get(0);
			assertThat(repository.path("id").asString()).isEqualTo(parent.getId());
			List<JsonNode> queries = XRayDocuments.named(segment, expectedName());
			assertThat(queries).hasSize(4);
			// nested under the subsegment that was current, in the order they ran
			assertThat(repository.path("subsegments").valueStream().toList()).containsExactlyElementsOf(queries);
			for (JsonNode query : queries) {
				assertThat(query.path("namespace").asString()).isEqualTo("remote");
				JsonNode sql = query.path("sql");
				assertThat(sql.path("database_type").asString()).isEqualTo(expectedDatabaseType());
				assertThat(sql.path("database_version").asString()).isNotBlank();
				assertThat(sql.path("driver_version").asString()).isNotBlank();
				assertThat(sql.path("user").asString()).isEqualToIgnoringCase(username());
				assertThat(sql.path("url").asString()).startsWith("jdbc:").doesNotContain(SECRET);
				assertThat(query.has("fault")).isFalse();
			}
			assertThat(queries.get(0).path("sql").has("preparation")).isFalse();
			assertThat(queries.get(0).path("sql").path("sanitized_query").asString())
				.isEqualTo("insert into xray_items (id, name) values (?, ?)");
			assertThat(queries.get(1).path("sql").path("preparation").asString()).isEqualTo("statement");
			assertThat(queries.get(1).path("sql").path("sanitized_query").asString())
				.isEqualTo("select name from xray_items where id = ? and name <> ?");
			assertThat(queries.get(2).path("sql").path("preparation").asString()).isEqualTo("statement");
			assertThat(queries.get(2).path("sql").path("sanitized_query").asString())
				.isEqualTo("insert into xray_items (id, name) values (?, ?)");
			assertThat(queries.get(3).path("sql").path("preparation").asString()).isEqualTo("call");
			assertThat(String.join("\n", emitter.documents())).doesNotContain(SECRET).doesNotContain("alice");
		});
	}

	@Test
	void failedStatementIsRecordedAsFaultAndRethrown() {
		run((context) -> {
			JsonNode query = failedQuery(context, "select * from xray_no_such_table where id = 7");
			assertThat(query.path("fault").asBoolean()).isTrue();
			JsonNode exception = query.path("cause").path("exceptions").get(0);
			assertThat(exception.path("type").asString()).isEqualTo(this.lastFailure.getClass().getName());
			// the driver's message names the table and may quote values: withheld outside
			// raw mode
			assertThat(exception.path("message").asString())
				.startsWith("message withheld (xray.jdbc.record-sql=sanitized): ");
			assertThat(String.join("\n", context.getBean(InMemoryEmitter.class).documents()))
				.doesNotContain("xray_no_such_table where id = 7");
			assertThat(query.path("sql").path("sanitized_query").asString())
				.isEqualTo("select * from xray_no_such_table where id = ?");
		});
	}

	@Test
	void failedStatementKeepsTheDriverMessageOnlyInRawMode() {
		String sql = "select * from xray_no_such_table where name = 'zed'";
		run((context) -> {
			assertThat(failedQuery(context, sql).path("cause").path("exceptions").get(0).path("message").asString())
				.isEqualTo(this.lastFailure.getMessage());
		}, "xray.jdbc.record-sql=raw");
		run((context) -> {
			assertThat(failedQuery(context, sql).path("cause").path("exceptions").get(0).path("message").asString())
				.isEqualTo("message withheld (xray.jdbc.record-sql=none): SQLState " + this.lastFailure.getSQLState()
						+ ", error code " + this.lastFailure.getErrorCode());
		}, "xray.jdbc.record-sql=none");
	}

	/** The driver's exception of the last {@link #failedQuery} call. */
	private SQLException lastFailure;

	/** Runs a statement that fails inside a trace and returns its subsegment. */
	private JsonNode failedQuery(AssertableApplicationContext context, String sql) throws SQLException {
		XRayRecorder recorder = context.getBean(XRayRecorder.class);
		InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
		emitter.clear();
		this.lastFailure = null;
		recorder.beginSegment("jdbc-test");
		try (Connection connection = context.getBean(DataSource.class).getConnection();
				Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.executeQuery(sql))
				.satisfies((ex) -> this.lastFailure = ex);
		}
		recorder.endSegment();
		return XRayDocuments.named(emitter.validDocuments().get(0), expectedName()).get(0);
	}

	@Test
	void outsideATraceNothingIsRecorded() {
		run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
			try (Connection connection = context.getBean(DataSource.class).getConnection();
					Statement statement = connection.createStatement()) {
				statement.executeUpdate("insert into xray_items (id, name) values (10, 'x')");
			}
			assertThat(emitter.documents()).isEmpty();
			assertThat(recorder.counters().get("context.missing")).isZero();
		});
	}

	@Test
	void rawModeRecordsTheStatementAsWritten() {
		run((context) -> {
			assertThat(recordedQuery(context, "select name from xray_items where id = 3"))
				.isEqualTo("select name from xray_items where id = 3");
		}, "xray.jdbc.record-sql=raw");
	}

	@Test
	void noneModeRecordsNoQuery() {
		run((context) -> {
			assertThat(recordedQuery(context, "select name from xray_items where id = 3")).isNull();
		}, "xray.jdbc.record-sql=none");
	}

	private static String recordedQuery(AssertableApplicationContext context, String sql) throws SQLException {
		XRayRecorder recorder = context.getBean(XRayRecorder.class);
		InMemoryEmitter emitter = context.getBean(InMemoryEmitter.class);
		emitter.clear();
		recorder.beginSegment("jdbc-test");
		try (Connection connection = context.getBean(DataSource.class).getConnection();
				Statement statement = connection.createStatement()) {
			statement.executeQuery(sql).close();
		}
		recorder.endSegment();
		JsonNode sqlNode = XRayDocuments.entities(emitter.validDocuments().get(0)).get(1).path("sql");
		assertThat(sqlNode.path("url").asString()).startsWith("jdbc:");
		return sqlNode.has("sanitized_query") ? sqlNode.path("sanitized_query").asString() : null;
	}

}
