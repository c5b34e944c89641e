package org.xrayspring.autoconfigure;

import org.xrayspring.recorder.XRayRecorder;

/**
 * Callback to customize the auto-configured {@link XRayRecorder} through its
 * {@link XRayRecorder.Builder} before it is built, for what the {@code xray.*} properties
 * do not cover (for example {@link XRayRecorder.Builder#streamingThreshold(int)} or
 * {@link XRayRecorder.Builder#origin(String)}) without replacing the recorder bean. Every
 * customizer bean is applied, in {@link org.springframework.core.Ordered order}, after
 * the properties, so a customizer's settings win over theirs.
 * <p>
 * The builder's emitter, sampling strategy and context listener come from beans: declare
 * an {@code Emitter}, {@code SamplingStrategy} or {@code ContextListener} bean rather
 * than setting them here, since setting the context listener here replaces the ones the
 * auto-configuration composed (the logging MDC's among them).
 */
@FunctionalInterface
public interface XRayRecorderBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the properties already applied
	 */
	void customize(XRayRecorder.Builder builder);

}
