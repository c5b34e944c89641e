/**
 * {@link org.xrayspring.test.autoconfigure.AutoConfigureXRayTest}: the in-memory emitter in Spring Boot tests.
 */
package org.xrayspring.test.autoconfigure;
