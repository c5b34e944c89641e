/**
 * Centralized sampling served by the console: the rule store (configured rules, a
 * {@code Default} rule always present, created, updated and deleted under the X-Ray
 * service's constraints), reservoir quotas for GetSamplingTargets and the statistics
 * clients report with it.
 */
@NullMarked
package org.xrayspring.console.sampling;

import org.jspecify.annotations.NullMarked;
