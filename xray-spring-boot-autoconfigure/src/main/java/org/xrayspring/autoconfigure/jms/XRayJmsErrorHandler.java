package org.xrayspring.autoconfigure.jms;

import io.micrometer.jakarta9.instrument.jms.JmsProcessObservationContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;

import org.jspecify.annotations.Nullable;
import org.springframework.jms.listener.adapter.ListenerExecutionFailedException;
import org.springframework.util.ErrorHandler;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * A listener container's {@link ErrorHandler} that records the exception a listener threw
 * on the segment of the message being processed, then does what the container would have
 * done: calls the container's own error handler, or, when it had none, logs the exception
 * at warn level to the container's log as the container does.
 * <p>
 * Spring JMS reports a listener's exception to the message's process observation only
 * when the container's error handler rethrows it; otherwise the observation ends as a
 * success. The error handler runs while the observation's scope is open on the listener
 * thread, so the message's segment is the current entity there.
 */
final class XRayJmsErrorHandler implements ErrorHandler {

	private static final ThrottledLogger logger = new ThrottledLogger(XRayJmsErrorHandler.class.getName(), 60_000);

	private final @Nullable ErrorHandler delegate;

	private final XRayRecorder recorder;

	private final ObservationRegistry observationRegistry;

	private final Log containerLog;

	XRayJmsErrorHandler(@Nullable ErrorHandler delegate, XRayRecorder recorder, ObservationRegistry observationRegistry,
			Log containerLog) {
		this.delegate = delegate;
		this.recorder = recorder;
		this.observationRegistry = observationRegistry;
		this.containerLog = containerLog;
	}

	@Nullable ErrorHandler getDelegate() {
		return this.delegate;
	}

	@Override
	public void handleError(Throwable error) {
		record(error);
		if (this.delegate != null) {
			this.delegate.handleError(error);
		}
		else {
			// what AbstractMessageListenerContainer does when no error handler is set
			this.containerLog.warn("Execution of JMS message listener failed, and no ErrorHandler has been set.",
					error);
		}
	}

	private void record(Throwable error) {
		try {
			Observation observation = this.observationRegistry.getCurrentObservation();
			if (observation == null || !(observation.getContext() instanceof JmsProcessObservationContext)) {
				return;
			}
			Entity current = this.recorder.getCurrentEntity();
			if (current != null) {
				current.getSegment().addException(listenerException(error));
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not record the exception of a JMS listener", ex);
		}
	}

	/**
	 * The listener's own exception: the cause of the wrapper that the listener adapter of
	 * {@code @JmsListener} methods throws.
	 */
	private static Throwable listenerException(Throwable error) {
		Throwable cause = error.getCause();
		return (error instanceof ListenerExecutionFailedException && cause != null) ? cause : error;
	}

}
