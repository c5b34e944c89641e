/**
 * Sending segment documents to the X-Ray daemon over UDP, and the daemon address format.
 */
package org.xrayspring.recorder.emitter;
