/**
 * Auto-configuration of the X-Ray recorder: properties, emitter, sampling and the recorder bean that every
 * instrumentation uses.
 */
package org.xrayspring.autoconfigure;
