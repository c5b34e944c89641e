/**
 * Minimal JSON support without third-party dependencies: a compact writer for segment
 * documents and a strict reader for configuration documents such as sampling rules files.
 */
@NullMarked
package org.xrayspring.recorder.json;

import org.jspecify.annotations.NullMarked;
