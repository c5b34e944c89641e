/**
 * Tracing of Spring Kafka: {@code KafkaTemplate} sends and {@code @KafkaListener}
 * deliveries, through the observations Spring Kafka emits.
 */
@NullMarked
package org.xrayspring.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
