/**
 * Auto-configuration of the X-Ray recorder: properties, emitter, sampling and the
 * recorder bean that every instrumentation uses.
 */
@NullMarked
package org.xrayspring.autoconfigure;

import org.jspecify.annotations.NullMarked;
