/**
 * Images: the bundled random-image endpoint and the HTTP client that fetches images from
 * a configurable source.
 */
@NullMarked
package org.xrayspring.sample.vision.images;

import org.jspecify.annotations.NullMarked;
