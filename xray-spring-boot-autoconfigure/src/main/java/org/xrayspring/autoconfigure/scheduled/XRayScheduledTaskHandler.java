package org.xrayspring.autoconfigure.scheduled;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;
import org.springframework.util.ClassUtils;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Scope;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Records each run of a {@code @Scheduled} method as a segment of its own, in a new
 * trace, from the observation Spring's scheduling emits for every run
 * ({@code tasks.scheduled.execution}, with a {@link ScheduledTaskObservationContext}).
 * <p>
 * The segment is named after the service and sampled by the recorder's sampling strategy
 * with a {@link SamplingRequest} of
 * <ul>
 * <li>service name: the segment name;</li>
 * <li>HTTP method: {@value #SAMPLING_METHOD};</li>
 * <li>URL path: the job, {@code <class>.<method>} with the class's simple name, for
 * example {@code MyJobs.refresh};</li>
 * <li>host: empty.</li>
 * </ul>
 * so a sampling rule with {@code http_method} {@value #SAMPLING_METHOD} (centralized:
 * {@code HTTPMethod}) and a {@code url_path} such as {@code *}, {@code MyJobs.*} or
 * {@code MyJobs.refresh} applies to scheduled jobs only, and an HTTP rule (a real method,
 * a path starting with {@code /}) never does. A sampled segment carries the annotation
 * {@value #METHOD_ANNOTATION} ({@code MyJobs.refresh}) and the metadata
 * {@value #METADATA_NAMESPACE}{@code .class} (the class's fully qualified name) and
 * {@value #METADATA_NAMESPACE}{@code .method} (the method's name).
 * <p>
 * The segment is current on a thread while a scope of the observation is open there (for
 * an ordinary method: the whole run, on the scheduler's thread), so JDBC statements, HTTP
 * calls and {@code @XRayCapture} methods of the job nest under it; closing the scope
 * restores whatever was current before. A run begins a new trace even when some entity is
 * current on the thread, as it is on the first run of a task scheduled from within a
 * request. An exception escaping the method is recorded as the segment's fault and cause;
 * the observation passes it on unchanged to the scheduler's error handling. The segment
 * is ended once, when the observation stops. A failure of the tracing itself is logged
 * (throttled) and never reaches the job.
 */
public final class XRayScheduledTaskHandler implements ObservationHandler<ScheduledTaskObservationContext> {

	/** The HTTP method of the sampling request of a scheduled run. */
	public static final String SAMPLING_METHOD = "SCHEDULED";

	/** The annotation holding the job: {@code <class short name>.<method>}. */
	public static final String METHOD_ANNOTATION = "scheduled_method";

	/** The metadata namespace of the job's class and method. */
	public static final String METADATA_NAMESPACE = "scheduled";

	private static final ThrottledLogger logger = new ThrottledLogger(XRayScheduledTaskHandler.class.getName(), 60_000);

	private final XRayRecorder recorder;

	private final String serviceName;

	/**
	 * Creates a handler.
	 * @param recorder the recorder
	 * @param serviceName the name of the segments (the service's name)
	 */
	public XRayScheduledTaskHandler(XRayRecorder recorder, String serviceName) {
		this.recorder = recorder;
		this.serviceName = serviceName;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

	@Override
	public void onStart(ScheduledTaskObservationContext context) {
		try {
			Class<?> type = jobClass(context);
			String job = simpleName(type) + "." + context.getMethod().getName();
			SamplingRequest sampling = new SamplingRequest(null, SAMPLING_METHOD, job, this.serviceName);
			// beginning makes the segment current; the run's scopes do that, so this
			// thread is left as it was
			Entity previous = this.recorder.getCurrentEntity();
			Segment segment;
			try {
				segment = this.recorder.beginSegment(this.serviceName, TraceHeader.empty(), sampling);
			}
			finally {
				this.recorder.setCurrentEntity(previous);
			}
			context.put(State.class, new State(segment));
			if (segment.isSampled()) {
				segment.putAnnotation(METHOD_ANNOTATION, job);
				segment.putMetadata(METADATA_NAMESPACE, "class", type.getName());
				segment.putMetadata(METADATA_NAMESPACE, "method", context.getMethod().getName());
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not begin a segment for a scheduled task; the run is not traced", ex);
		}
	}

	/**
	 * The job's class: the bean's class without CGLIB subclass, or for a JDK proxy the
	 * interface that declares the method.
	 */
	private static Class<?> jobClass(ScheduledTaskObservationContext context) {
		Class<?> type = context.getTargetClass();
		Method method = context.getMethod();
		return Proxy.isProxyClass(type) ? method.getDeclaringClass() : type;
	}

	private static String simpleName(Class<?> type) {
		String simpleName = type.getSimpleName();
		// an anonymous class has none
		return simpleName.isEmpty() ? ClassUtils.getShortName(type) : simpleName;
	}

	@Override
	public void onScopeOpened(ScheduledTaskObservationContext context) {
		State state = context.get(State.class);
		if (state != null && !state.ended.get()) {
			state.scopes().push(this.recorder.setCurrentEntity(state.segment));
		}
	}

	@Override
	public void onScopeClosed(ScheduledTaskObservationContext context) {
		State state = context.get(State.class);
		if (state == null) {
			return;
		}
		Deque<Scope> scopes = state.scopes.get(Thread.currentThread());
		if (scopes != null && !scopes.isEmpty()) {
			scopes.pop().close();
			if (scopes.isEmpty()) {
				state.scopes.remove(Thread.currentThread());
			}
		}
	}

	@Override
	public void onScopeReset(ScheduledTaskObservationContext context) {
		State state = context.get(State.class);
		if (state != null) {
			state.scopes.remove(Thread.currentThread());
			if (this.recorder.getCurrentEntity() == state.segment) {
				this.recorder.clearContext();
			}
		}
	}

	@Override
	public void onError(ScheduledTaskObservationContext context) {
		State state = context.get(State.class);
		Throwable error = context.getError();
		if (state != null && error != null) {
			try {
				state.segment.addException(error);
			}
			catch (RuntimeException ex) {
				logger.warnThrottled("X-Ray could not record the exception of a scheduled task", ex);
			}
		}
	}

	@Override
	public void onStop(ScheduledTaskObservationContext context) {
		State state = context.get(State.class);
		if (state == null || !state.ended.compareAndSet(false, true)) {
			return;
		}
		try {
			state.segment.end();
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not end the segment of a scheduled task", ex);
		}
		finally {
			context.remove(State.class);
		}
	}

	/**
	 * What is kept in a run's observation context: its segment, whether it has ended, and
	 * the scopes open on each thread.
	 */
	private static final class State {

		final Segment segment;

		final AtomicBoolean ended = new AtomicBoolean();

		final Map<Thread, Deque<Scope>> scopes = new ConcurrentHashMap<>(2);

		State(Segment segment) {
			this.segment = segment;
		}

		Deque<Scope> scopes() {
			return this.scopes.computeIfAbsent(Thread.currentThread(), (thread) -> new ArrayDeque<>(2));
		}

	}

}
