/**
 * The in-memory, bounded trace store: traces assembled from segment documents arriving in
 * any order.
 */
@NullMarked
package org.xrayspring.console.store;

import org.jspecify.annotations.NullMarked;
