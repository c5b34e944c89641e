/**
 * Auto-configuration and configuration properties of the X-Ray console, embedded in any
 * servlet Boot application with {@code xray.console.enabled=true} or run standalone.
 */
@NullMarked
package org.xrayspring.console.config;

import org.jspecify.annotations.NullMarked;
