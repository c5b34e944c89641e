/**
 * The X-Ray recorder: segments and subsegments, the per-thread context and its hand-over
 * between threads, and their documents. Framework-free; instrumentation builds on
 * {@link org.xrayspring.recorder.XRayRecorder}.
 */
@NullMarked
package org.xrayspring.recorder;

import org.jspecify.annotations.NullMarked;
