/**
 * The bridge from Micrometer observations to X-Ray subsegments, for what X-Ray's own instrumentation does not
 * record.
 */
package org.xrayspring.autoconfigure.observation;
