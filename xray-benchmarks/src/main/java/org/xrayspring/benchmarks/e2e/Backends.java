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
	 * Runs {@code count} small steps of work ({@link Step#work(long)}), each in a
	 * subsegment of its own where the mode traces (none in {@code untraced} and
	 * {@code floor}, which run the same steps).
	 * @param count how many steps
	 * @return a checksum of the steps' results
	 */
	long steps(int count);

	/**
	 * Describes how the calls are made and traced, for {@code /bench/info}.
	 * @return a one-line description
	 */
	String describe();

}
