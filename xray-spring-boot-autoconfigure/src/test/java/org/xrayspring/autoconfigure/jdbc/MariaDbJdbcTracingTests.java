package org.xrayspring.autoconfigure.jdbc;

import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeEach;

/**
 * JDBC tracing on MariaDB at 127.0.0.1:3306 (root with an empty password, database
 * {@code test}); skipped when it is not running.
 */
class MariaDbJdbcTracingTests extends AbstractJdbcTracingTests {

	// keyStorePassword is a real option, unused without a key store: it shows the URL is
	// sanitized
	private static final String URL = "jdbc:mariadb://127.0.0.1:3306/test?keyStorePassword=" + SECRET;

	@BeforeEach
	void databaseIsReachable() {
		DatabaseAvailability.assumeReachable(URL, "root", "");
	}

	@Override
	String url() {
		return URL;
	}

	@Override
	String username() {
		return "root";
	}

	@Override
	String expectedName() {
		return "test@127.0.0.1";
	}

	@Override
	String expectedDatabaseType() {
		return "MariaDB";
	}

	@Override
	void prepareCallable(Statement statement) throws SQLException {
		statement.execute("drop procedure if exists xray_proc");
		statement.execute("create procedure xray_proc(in x int) begin select abs(x); end");
	}

	@Override
	String callableSql() {
		return "{call xray_proc(?)}";
	}

}
