package org.xrayspring.autoconfigure;

import org.xrayspring.recorder.sampling.CentralizedSamplingStrategy;

/**
 * Customizes the auto-configured {@link CentralizedSamplingStrategy} before it is built,
 * for example its intervals ({@code rulesInterval}, {@code targetsInterval},
 * {@code rulesLifetime}) or timeouts. Every bean of this type is applied, in order.
 */
@FunctionalInterface
public interface CentralizedSamplingCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the endpoint and the local rules as fallback
	 * already set
	 */
	void customize(CentralizedSamplingStrategy.Builder builder);

}
