/**
 * Scheduled jobs: each run of a {@code @Scheduled} method is a segment of its own, named
 * after the service and sampled by the sampling strategy.
 * <p>
 * Runs are recognized through the observation Spring's scheduling emits for each of them
 * ({@code ScheduledTaskObservationContext}), the one extension point that sees every
 * {@code @Scheduled} method, cron, fixed rate and fixed delay alike, on whatever
 * {@code TaskScheduler} runs it (Boot's {@code taskScheduler}, one of the application's
 * own, one set in a {@code SchedulingConfigurer}), wraps the method call itself (so the
 * exception is seen before the scheduler's error handler, which still gets it) and
 * carries the target class and method. Boot 4 hands its {@code ObservationRegistry} to
 * scheduling from {@code spring-boot-micrometer-observation} without the actuator; where
 * no registry is handed over, a {@code SchedulingConfigurer} of ours sets one holding
 * only our handler. The alternatives fall short: a {@code TaskDecorator} sees only the
 * scheduler's error-handling wrapper (neither the method nor the exception), reaches only
 * schedulers built by Boot's builders, and decorates every task, not only
 * {@code @Scheduled} methods; replacing the registrar's tasks from a
 * {@code SchedulingConfigurer} breaks the link between each {@code @Scheduled} method and
 * its {@code ScheduledTask} (cancellation when the bean is destroyed, the actuator's
 * {@code scheduledtasks} endpoint).
 */
@NullMarked
package org.xrayspring.autoconfigure.scheduled;

import org.jspecify.annotations.NullMarked;
