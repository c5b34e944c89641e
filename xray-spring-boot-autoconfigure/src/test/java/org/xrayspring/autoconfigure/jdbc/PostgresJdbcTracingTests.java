package org.xrayspring.autoconfigure.jdbc;

import org.junit.jupiter.api.BeforeEach;

/**
 * JDBC tracing on PostgreSQL at 127.0.0.1:5432 (trust authentication, database
 * {@code test}); skipped when it is not running.
 */
class PostgresJdbcTracingTests extends AbstractJdbcTracingTests {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?password=" + SECRET
			+ "&ApplicationName=xray-tests";

	@BeforeEach
	void databaseIsReachable() {
		DatabaseAvailability.assumeReachable(URL, "postgres", "");
	}

	@Override
	String url() {
		return URL;
	}

	@Override
	String username() {
		return "postgres";
	}

	@Override
	String expectedName() {
		return "test@127.0.0.1";
	}

	@Override
	String expectedDatabaseType() {
		return "PostgreSQL";
	}

	@Override
	String callableSql() {
		return "{call abs(?)}";
	}

}
