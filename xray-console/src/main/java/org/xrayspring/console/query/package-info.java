/**
 * Reading stored traces: assembling segment trees, trace summaries, the filter-expression subset and the
 * service graph.
 */
package org.xrayspring.console.query;
