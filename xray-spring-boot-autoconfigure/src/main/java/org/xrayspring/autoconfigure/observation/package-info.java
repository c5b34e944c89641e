/**
 * The bridge from Micrometer observations to X-Ray subsegments, for what X-Ray's own
 * instrumentation does not record.
 */
@NullMarked
package org.xrayspring.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
