package org.xrayspring.autoconfigure.context;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task with the X-Ray entity that was current when it was submitted, and with none when nothing was;
 * the worker thread's previous context is restored afterwards, so pooled threads hold nothing between tasks.
 */
public final class XRayTaskDecorator implements TaskDecorator {

	private final EntityPropagation propagation;

	XRayTaskDecorator(EntityPropagation propagation) {
		this.propagation = propagation;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		return this.propagation.capture().wrap(runnable);
	}

}
