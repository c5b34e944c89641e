/**
 * Load benchmark of the console's UDP receiver: how many datagrams per second it takes on
 * loopback without loss.
 */
@NullMarked
package org.xrayspring.benchmarks.console;

import org.jspecify.annotations.NullMarked;
