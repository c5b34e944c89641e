package org.xrayspring.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.xrayspring.recorder.Subsegment;

/**
 * What a data source's subsegments record about the database, read once from a connection's metadata.
 *
 * @param name the subsegment name, {@code <database>@<host>}
 * @param url the JDBC URL without user information or password parameters
 * @param databaseType the product name
 * @param databaseVersion the product version
 * @param driverVersion the driver name and version
 * @param user the user name
 */
record DatabaseInfo(String name, String url, String databaseType, String databaseVersion, String driverVersion,
		String user) {

	/** Used when the metadata cannot be read: the subsegments still nest correctly. */
	static final DatabaseInfo UNKNOWN = new DatabaseInfo("database@unknown", null, null, null, null, null);

	/** {@code //user:password@} or {@code //user@} after the scheme. */
	private static final Pattern USER_INFO = Pattern.compile("//[^/?;@]*@");

	/** Oracle's {@code thin:user/password@host}. */
	private static final Pattern ORACLE_CREDENTIALS = Pattern.compile("(?i)(:thin:)[^:@/]+/[^@]*@");

	/** Parameters whose name mentions a password or secret, in query ({@code ?&}) or property ({@code ;:}) form. */
	private static final Pattern SECRET_PARAMETER = Pattern
		.compile("(?i)([?&;:])[A-Za-z0-9_.\\-]*(password|passwd|pwd|secret)[A-Za-z0-9_.\\-]*=[^&;]*");

	/** {@code //host[:port]} and {@code @host} forms; IPv6 in brackets. */
	private static final Pattern HOST = Pattern.compile("//(\\[[0-9A-Fa-f:.]+]|[^/:?;,@\\]\\[]+)");

	private static final Pattern ORACLE_HOST = Pattern.compile("@(?://)?([^:/?;]+)");

	static DatabaseInfo read(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		String rawUrl = metaData.getURL();
		String url = sanitizeUrl(rawUrl);
		String catalog = null;
		try {
			catalog = connection.getCatalog();
		}
		catch (SQLException | RuntimeException ex) {
			// some drivers have no catalogs; the URL names the database instead
		}
		String database = (catalog != null && !catalog.isEmpty()) ? catalog : databaseFromUrl(rawUrl);
		String name = database + "@" + host(rawUrl);
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
	 * Removes credentials from a JDBC URL: user information, Oracle's {@code user/password@} and every parameter
	 * whose name contains password, passwd, pwd or secret.
	 * @param url the URL
	 * @return the URL without credentials
	 */
	static String sanitizeUrl(String url) {
		if (url == null) {
			return null;
		}
		String result = USER_INFO.matcher(url).replaceFirst("//");
		result = ORACLE_CREDENTIALS.matcher(result).replaceFirst("$1@");
		result = SECRET_PARAMETER.matcher(result).replaceAll("$1");
		// tidy separators left behind by removed parameters
		result = result.replace("?&", "?").replace("&&", "&").replace(";;", ";");
		while (!result.isEmpty() && "?&;".indexOf(result.charAt(result.length() - 1)) >= 0) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

	/**
	 * The host a JDBC URL names, {@code localhost} for embedded and file databases.
	 * @param url the URL
	 * @return the host
	 */
	static String host(String url) {
		if (url == null) {
			return "unknown";
		}
		String withoutCredentials = USER_INFO.matcher(url).replaceFirst("//");
		Matcher matcher = HOST.matcher(withoutCredentials);
		if (matcher.find()) {
			return matcher.group(1).toLowerCase(Locale.ROOT);
		}
		matcher = ORACLE_HOST.matcher(withoutCredentials);
		if (withoutCredentials.toLowerCase(Locale.ROOT).startsWith("jdbc:oracle") && matcher.find()) {
			return matcher.group(1).toLowerCase(Locale.ROOT);
		}
		return "localhost";
	}

	/**
	 * The database a JDBC URL names: the path after the host, or the last part of an embedded database's name.
	 * @param url the URL
	 * @return the database name, {@code database} when none can be found
	 */
	static String databaseFromUrl(String url) {
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
		}
		else {
			int colon = rest.lastIndexOf(':');
			rest = rest.substring(colon + 1);
			int slash = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
			rest = rest.substring(slash + 1);
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
