/**
 * A local X-Ray daemon, X-Ray API subset and trace console for development, run
 * standalone ({@link org.xrayspring.console.XRayConsoleApplication}) or embedded in a
 * Boot application ({@code xray.console.enabled=true}).
 */
@NullMarked
package org.xrayspring.console;

import org.jspecify.annotations.NullMarked;
