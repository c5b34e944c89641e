/**
 * The {@code X-Amzn-Trace-Id} header: parsing and formatting that never throw.
 */
package org.xrayspring.recorder.header;
