/**
 * The sample vision application: the page, the analysis service and its database repository.
 */
package org.xrayspring.sample.vision;
