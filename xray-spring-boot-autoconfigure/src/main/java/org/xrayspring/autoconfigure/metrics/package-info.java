/**
 * Micrometer meters for the recorder's and the emitter's counters, so that drops and
 * failures show up in the application's metrics.
 */
@NullMarked
package org.xrayspring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
