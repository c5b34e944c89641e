/**
 * Small supporting pieces shared by the recorder's packages: throttled logging.
 */
@NullMarked
package org.xrayspring.recorder.support;

import org.jspecify.annotations.NullMarked;
