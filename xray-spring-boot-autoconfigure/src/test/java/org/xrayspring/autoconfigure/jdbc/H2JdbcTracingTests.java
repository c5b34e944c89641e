package org.xrayspring.autoconfigure.jdbc;

/**
 * JDBC tracing on an embedded H2 database.
 */
class H2JdbcTracingTests extends AbstractJdbcTracingTests {

	@Override
	String url() {
		return "jdbc:h2:mem:xraytests;DB_CLOSE_DELAY=-1";
	}

	@Override
	String username() {
		return "sa";
	}

	@Override
	String expectedName() {
		return "XRAYTESTS@localhost";
	}

	@Override
	String expectedDatabaseType() {
		return "H2";
	}

	@Override
	String callableSql() {
		return "CALL ABS(?)";
	}

}
