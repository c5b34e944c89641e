/**
 * Sending segment documents to the X-Ray daemon over UDP, and the daemon address format.
 */
@NullMarked
package org.xrayspring.recorder.emitter;

import org.jspecify.annotations.NullMarked;
