/**
 * {@link org.xrayspring.test.autoconfigure.AutoConfigureXRayTest}: the in-memory emitter
 * in Spring Boot tests.
 */
@NullMarked
package org.xrayspring.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
