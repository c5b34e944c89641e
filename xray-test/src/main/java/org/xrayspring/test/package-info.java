/**
 * Test support for X-Ray traces: an {@link org.xrayspring.test.InMemoryEmitter} that
 * keeps every document the recorder emits, the {@link org.xrayspring.test.RecordedTraces}
 * assembled from them, and {@link org.xrayspring.test.XRayDocuments}, which checks each
 * document against AWS's segment document schema.
 */
@NullMarked
package org.xrayspring.test;

import org.jspecify.annotations.NullMarked;
