/**
 * Centralized sampling served by the console: the configured rules (with a {@code Default} rule always present)
 * and reservoir quotas for GetSamplingTargets.
 */
@NullMarked
package org.xrayspring.console.sampling;

import org.jspecify.annotations.NullMarked;
