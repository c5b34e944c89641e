package org.xrayspring.autoconfigure.async;

import io.micrometer.context.ContextSnapshot;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task with the X-Ray entity that was current when it was submitted, and with
 * none when nothing was; the worker thread's previous context is restored afterwards, so
 * pooled threads hold nothing between tasks.
 * <p>
 * Only the first run of a task carries the entity: schedulers decorate a periodic task
 * once and run it again and again, and a task scheduled at a fixed rate from within a
 * request must not keep adding subsegments to that request's segment for ever. Later runs
 * see no entity.
 * <p>
 * Boot applies this bean (composed with the application's own {@code TaskDecorator}
 * beans) to the executors and schedulers its builders build:
 * {@code ThreadPoolTaskExecutorBuilder}, {@code SimpleAsyncTaskExecutorBuilder},
 * {@code ThreadPoolTaskSchedulerBuilder} and {@code SimpleAsyncTaskSchedulerBuilder}.
 * Spring's {@code ContextPropagatingTaskDecorator} does the capturing part of this, but
 * restores the snapshot on every run; because the same bean reaches the schedulers, only
 * a first-run-only decorator is safe there. Snapshots hold the recorder's entity only
 * (see {@link EntityPropagation}), so other libraries' thread locals keep whatever
 * propagation the application chose for them.
 */
public final class XRayTaskDecorator implements TaskDecorator {

	private final EntityPropagation propagation;

	XRayTaskDecorator(EntityPropagation propagation) {
		this.propagation = propagation;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		return new FirstRunWithContext(this.propagation, this.propagation.capture(), runnable);
	}

	private static final class FirstRunWithContext implements Runnable {

		private final EntityPropagation propagation;

		private final Runnable delegate;

		private volatile @Nullable ContextSnapshot snapshot;

		FirstRunWithContext(EntityPropagation propagation, ContextSnapshot snapshot, Runnable delegate) {
			this.propagation = propagation;
			this.snapshot = snapshot;
			this.delegate = delegate;
		}

		@Override
		public void run() {
			ContextSnapshot snapshot = this.snapshot;
			this.snapshot = null;
			if (snapshot == null) {
				snapshot = this.propagation.emptySnapshot();
			}
			try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
				this.delegate.run();
			}
		}

	}

}
