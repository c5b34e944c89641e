/**
 * The end-to-end benchmark: a small Spring MVC application started in one of four modes
 * (see {@link org.xrayspring.benchmarks.e2e.BenchMode}) and driven by
 * {@code xray-benchmarks/e2e/run.sh}.
 */
@NullMarked
package org.xrayspring.benchmarks.e2e;

import org.jspecify.annotations.NullMarked;
