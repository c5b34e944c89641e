package org.xrayspring.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips a test class, with a message, when a local database server cannot be reached.
 */
final class DatabaseAvailability {

	private DatabaseAvailability() {
	}

	static void assumeReachable(String url, String user, String password) {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", password);
		// the drivers disagree on connectTimeout's unit; both honour the login timeout
		String problem = null;
		DriverManager.setLoginTimeout(3);
		try (Connection connection = DriverManager.getConnection(url, properties)) {
			if (!connection.isValid(2)) {
				problem = "connection not valid";
			}
		}
		catch (SQLException ex) {
			problem = ex.getMessage();
		}
		Assumptions.assumeTrue(problem == null,
				() -> "Skipped: no database at " + url + " (" + problemOf(url) + "); start it to run these tests");
	}

	private static String problemOf(String url) {
		return url.contains("postgresql") ? "PostgreSQL on 127.0.0.1:5432, trust auth, database 'test'"
				: "MariaDB on 127.0.0.1:3306, root with empty password, database 'test'";
	}

}
