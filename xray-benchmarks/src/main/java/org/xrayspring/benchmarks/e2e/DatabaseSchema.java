package org.xrayspring.benchmarks.e2e;

/**
 * Facts about {@code schema.sql} and {@code data.sql}.
 */
final class DatabaseSchema {

	/**
	 * Rows in the {@code item} table, ids 1 to this.
	 */
	static final int ROWS = 100;

	static final String QUERY = "SELECT name FROM item WHERE id = ?";

	private DatabaseSchema() {
	}

}
