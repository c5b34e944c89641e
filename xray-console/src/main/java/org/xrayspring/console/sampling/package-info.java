/**
 * Centralized sampling served by the console: the configured rules (with a {@code Default} rule always present)
 * and reservoir quotas for GetSamplingTargets.
 */
package org.xrayspring.console.sampling;
