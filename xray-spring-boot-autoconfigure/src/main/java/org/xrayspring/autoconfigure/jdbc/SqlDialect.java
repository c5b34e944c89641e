package org.xrayspring.autoconfigure.jdbc;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How a database's SQL lexer reads what {@link SqlSanitizer} must tell apart: which
 * quotes delimit strings, which comments exist and whether block comments nest. Chosen
 * from the product name in the connection metadata; a database not listed gets
 * {@link #UNKNOWN}, which reads both quote kinds as strings.
 */
enum SqlDialect {

	/**
	 * MySQL and MariaDB: {@code "..."} is a string unless the server runs with
	 * {@code ANSI_QUOTES} (reading it as a string then only replaces an identifier),
	 * {@code `...`} an identifier, {@code #} a line comment, {@code --} a comment only
	 * when followed by white space, a {@code /*!} comment is executable code, block
	 * comments never nest.
	 */
	MYSQL(true, true, true, BlockComments.FLAT, false),

	/**
	 * PostgreSQL (and what reports itself as PostgreSQL): {@code "..."} is an identifier,
	 * {@code E'...'} reads backslash escapes, block comments nest.
	 */
	POSTGRESQL(false, false, false, BlockComments.NESTED, true),

	/**
	 * Databases that follow the standard on quotes ({@code "..."} is an identifier) but
	 * may or may not nest block comments: H2, HSQLDB, Derby, Oracle, DB2.
	 */
	STANDARD(false, false, false, BlockComments.EITHER, false),

	/**
	 * Anything else: both quote kinds are strings, and every doubtful reading is resolved
	 * towards hiding.
	 */
	UNKNOWN(true, false, false, BlockComments.EITHER, false);

	/**
	 * Whether block comments nest; {@code EITHER} when the dialect's rule is not known.
	 */
	enum BlockComments {

		FLAT, NESTED, EITHER

	}

	final boolean doubleQuotedStrings;

	final boolean hashComments;

	final boolean mysqlComments;

	final BlockComments blockComments;

	final boolean escapeStrings;

	SqlDialect(boolean doubleQuotedStrings, boolean hashComments, boolean mysqlComments, BlockComments blockComments,
			boolean escapeStrings) {
		this.doubleQuotedStrings = doubleQuotedStrings;
		this.hashComments = hashComments;
		this.mysqlComments = mysqlComments;
		this.blockComments = blockComments;
		this.escapeStrings = escapeStrings;
	}

	/**
	 * The dialect of a database product.
	 * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}, may
	 * be {@code null}
	 * @return the dialect, {@link #UNKNOWN} when the product is not known
	 */
	static SqlDialect of(@Nullable String productName) {
		if (productName == null) {
			return UNKNOWN;
		}
		String name = productName.toLowerCase(Locale.ROOT);
		if (name.equals("mysql") || name.equals("mariadb")) {
			return MYSQL;
		}
		if (name.equals("postgresql")) {
			return POSTGRESQL;
		}
		if (name.equals("h2") || name.equals("hsql database engine") || name.equals("apache derby")
				|| name.equals("oracle") || name.startsWith("db2")) {
			return STANDARD;
		}
		return UNKNOWN;
	}

}
