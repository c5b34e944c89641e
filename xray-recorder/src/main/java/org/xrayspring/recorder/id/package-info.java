/**
 * Trace and entity identifiers in the X-Ray formats: trace ids
 * {@code 1-<8 hex epoch seconds>-<24 hex random>} and 16-hex entity ids.
 */
@NullMarked
package org.xrayspring.recorder.id;

import org.jspecify.annotations.NullMarked;
