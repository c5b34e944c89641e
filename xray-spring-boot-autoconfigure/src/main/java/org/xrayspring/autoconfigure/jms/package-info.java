/**
 * Tracing of JMS: {@code JmsTemplate} sends and the listener containers behind
 * {@code @JmsListener}, through the observations Spring JMS makes with Micrometer's
 * Jakarta instrumentation.
 */
@NullMarked
package org.xrayspring.autoconfigure.jms;

import org.jspecify.annotations.NullMarked;
