/**
 * Small supporting pieces shared by the recorder's packages: throttled logging.
 */
package org.xrayspring.recorder.support;
