package org.xrayspring.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.url.UrlRedactor;

/**
 * What a data source's subsegments record about the database, read once from a
 * connection's metadata.
 *
 * @param name the subsegment name, {@code <database>@<host>}
 * @param url the JDBC URL as {@link UrlRedactor} leaves it: no user information, no
 * secret parameter values
 * @param databaseType the product name
 * @param databaseVersion the product version
 * @param driverVersion the driver name and version
 * @param user the user name
 */
record DatabaseInfo(String name, @Nullable String url, @Nullable String databaseType, @Nullable String databaseVersion,
		@Nullable String driverVersion, @Nullable String user) {

	/** Used when the metadata cannot be read: the subsegments still nest correctly. */
	static final DatabaseInfo UNKNOWN = new DatabaseInfo("database@unknown", null, null, null, null, null);

	/** {@code //host[:port]} and {@code @host} forms; IPv6 in brackets. */
	private static final Pattern HOST = Pattern.compile("//(\\[[0-9A-Fa-f:.]+]|[^/:?;,@\\]\\[]+)");

	private static final Pattern ORACLE_HOST = Pattern.compile("@(?://)?([^:/?;]+)");

	static DatabaseInfo read(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		// everything recorded is derived from the redacted URL, so no credential can
		// reach the name either
		String url = UrlRedactor.redact(metaData.getURL());
		String catalog = null;
		try {
			catalog = connection.getCatalog();
		}
		catch (SQLException | RuntimeException ex) {
			// some drivers have no catalogs; the URL names the database instead
		}
		String database = (catalog != null && !catalog.isEmpty()) ? catalog : databaseFromUrl(url);
		String name = database + "@" + host(url);
		return new DatabaseInfo(name, url, metaData.getDatabaseProductName(), metaData.getDatabaseProductVersion(),
				metaData.getDriverName() + " " + metaData.getDriverVersion(), metaData.getUserName());
	}

	void applyTo(Subsegment subsegment) {
		subsegment.setNamespace(Subsegment.NAMESPACE_REMOTE);
		subsegment.putSql("url", this.url);
		subsegment.putSql("database_type", this.databaseType);
		subsegment.putSql("database_version", this.databaseVersion);
		subsegment.putSql("driver_version", this.driverVersion);
		subsegment.putSql("user", this.user);
	}

	/**
	 * The host a redacted JDBC URL names, {@code localhost} for embedded and file
	 * databases.
	 * @param url the URL, without credentials
	 * @return the host
	 */
	static String host(@Nullable String url) {
		if (url == null) {
			return "unknown";
		}
		Matcher matcher = HOST.matcher(url);
		if (matcher.find()) {
			return matcher.group(1).toLowerCase(Locale.ROOT);
		}
		matcher = ORACLE_HOST.matcher(url);
		if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:oracle") && matcher.find()) {
			return matcher.group(1).toLowerCase(Locale.ROOT);
		}
		return "localhost";
	}

	/**
	 * The database a redacted JDBC URL names: the path after the host up to DB2's
	 * {@code :} properties, or the last part of an embedded database's name or Oracle's
	 * alias.
	 * @param url the URL, without credentials
	 * @return the database name, {@code database} when none can be found
	 */
	static String databaseFromUrl(@Nullable String url) {
		if (url == null) {
			return "database";
		}
		String rest = url;
		int params = indexOfAny(rest, "?;");
		if (params >= 0) {
			rest = rest.substring(0, params);
		}
		int hostStart = rest.indexOf("//");
		if (hostStart >= 0) {
			int slash = rest.indexOf('/', hostStart + 2);
			rest = (slash >= 0) ? rest.substring(slash + 1) : "";
			int properties = rest.indexOf(':');
			if (properties >= 0) {
				rest = rest.substring(0, properties);
			}
		}
		else {
			int colon = rest.lastIndexOf(':');
			rest = rest.substring(colon + 1);
			int slash = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
			rest = rest.substring(slash + 1);
			if (rest.startsWith("@")) {
				rest = rest.substring(1);
			}
		}
		return rest.isEmpty() ? "database" : rest;
	}

	private static int indexOfAny(String text, String chars) {
		for (int i = 0; i < text.length(); i++) {
			if (chars.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

}
