package org.xrayspring.benchmarks.e2e;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /work} calls: the outbound HTTP call and the JDBC query, each traced
 * the way the mode's tracer does it.
 */
interface Backends {

	/**
	 * Calls the downstream server once.
	 * @return the response body
	 */
	@Nullable String callDownstream();

	/**
	 * Reads one row of the {@code item} table.
	 * @param id the row's id
	 * @return its name
	 */
	@Nullable String queryDatabase(int id);

	/**
	 * Describes how the calls are made and traced, for {@code /bench/info}.
	 * @return a one-line description
	 */
	String describe();

}
