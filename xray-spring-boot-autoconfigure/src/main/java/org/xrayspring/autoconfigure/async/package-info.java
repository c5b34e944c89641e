/**
 * Thread hops: carries the recorder's current entity to other threads through
 * Micrometer's context-propagation library, for the task executors and schedulers Boot's
 * builders build ({@code @Async}, {@code CompletableFuture} on them),
 * {@code ExecutorService} beans and Reactor pipelines, and the auto-configuration that
 * applies it.
 */
@NullMarked
package org.xrayspring.autoconfigure.async;

import org.jspecify.annotations.NullMarked;
