/**
 * The project's architecture rules, written once and applied by each module's
 * {@code *ArchitectureTests} to its own main classes. A test-only module: nothing here is
 * published or reaches an application's class path.
 */
@NullMarked
package org.xrayspring.buildrules;

import org.jspecify.annotations.NullMarked;
