package org.xrayspring.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;

/**
 * Skips tests, with a message, when a local database server cannot be reached. Used per
 * test rather than per class so that the build reports each test as skipped with the
 * reason.
 */
final class DatabaseAvailability {

	/**
	 * URL to the problem found, empty when reachable: one connection attempt per database
	 * and run.
	 */
	private static final Map<String, String> problems = new ConcurrentHashMap<>();

	private DatabaseAvailability() {
	}

	static void assumeReachable(String url, String user, String password) {
		String problem = problems.computeIfAbsent(url, (key) -> {
			String found = tryConnect(url, user, password);
			if (found != null) {
				System.err.println("Skipping tests: no database at " + url + " (" + found + ")");
			}
			return (found != null) ? found : "";
		});
		Assumptions.assumeTrue(problem.isEmpty(),
				() -> "Skipped: no database at " + url + " (" + problem + "); expected " + expected(url));
	}

	private static String tryConnect(String url, String user, String password) {
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
		return problem;
	}

	private static String expected(String url) {
		return url.contains("postgresql") ? "PostgreSQL on 127.0.0.1:5432, trust auth, database 'test'"
				: "MariaDB on 127.0.0.1:3306, root with empty password, database 'test'";
	}

}
