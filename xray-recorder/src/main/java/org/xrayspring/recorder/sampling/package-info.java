/**
 * Sampling: deciding whether a new trace is recorded.
 * {@link org.xrayspring.recorder.sampling.SamplingStrategy} is the seam;
 * {@link org.xrayspring.recorder.sampling.LocalSamplingStrategy} applies local rules (the
 * built-in default of one request per second plus 5 %, or a v1/v2 rules file in the X-Ray
 * SDK format); {@link org.xrayspring.recorder.sampling.CentralizedSamplingStrategy} takes
 * rules and quotas from the X-Ray sampling API at the daemon's TCP address and falls back
 * to local rules.
 */
@NullMarked
package org.xrayspring.recorder.sampling;

import org.jspecify.annotations.NullMarked;
