/**
 * Tracing of Spring AMQP (RabbitMQ) messaging through the observations of
 * {@code RabbitTemplate} and the listener containers.
 */
@NullMarked
package org.xrayspring.autoconfigure.amqp;

import org.jspecify.annotations.NullMarked;
