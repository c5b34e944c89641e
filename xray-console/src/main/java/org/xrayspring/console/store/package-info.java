/**
 * The in-memory, bounded trace store: traces assembled from segment documents arriving in any order.
 */
package org.xrayspring.console.store;
