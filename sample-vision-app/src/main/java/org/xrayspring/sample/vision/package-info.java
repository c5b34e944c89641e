/**
 * The sample vision application: the page, the analysis service and its database
 * repository.
 */
@NullMarked
package org.xrayspring.sample.vision;

import org.jspecify.annotations.NullMarked;
