/**
 * What the messaging instrumentations (Spring AMQP, Spring Kafka, JMS) share: the
 * observation handler that records a producer's send as a subsegment carrying the trace
 * header in the message, and a consumer's processing as a segment joined to it.
 */
@NullMarked
package org.xrayspring.autoconfigure.messaging;

import org.jspecify.annotations.NullMarked;
