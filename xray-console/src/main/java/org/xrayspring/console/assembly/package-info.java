/**
 * Reading stored traces: assembling segment trees, trace summaries, the filter-expression
 * subset and the service graph.
 */
@NullMarked
package org.xrayspring.console.assembly;

import org.jspecify.annotations.NullMarked;
