package org.xrayspring.autoconfigure.messaging;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Scope;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.id.Ids;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Records the observations a messaging library emits for sending and receiving messages
 * (Micrometer {@link SenderContext} and {@link ReceiverContext} subclasses) as X-Ray
 * entities, one handler per library, for the context classes it is given.
 * <p>
 * <b>Sending</b> inside a trace starts a subsegment in the {@code remote} namespace under
 * the entity current on the sending thread (else the parent observation's entity), named
 * after the destination (else the messaging system), with the system and destination in
 * the {@value #METADATA_NAMESPACE} metadata namespace, and puts
 * {@code X-Amzn-Trace-Id: Root=<trace>;Parent=<subsegment>;Sampled=1} into the message
 * through the context's setter. In a trace that is not sampled the header says
 * {@code Sampled=0} and nothing is recorded. Outside a trace nothing is recorded and no
 * header is added. An error makes the subsegment a fault with the exception as its cause.
 * <p>
 * <b>Receiving</b> begins a segment per message, named after the service, joined to the
 * trace in the message's {@code X-Amzn-Trace-Id} (its {@code Parent}, the producer's
 * subsegment, becomes the segment's parent), or in a new trace, sampled by the sampling
 * strategy, when the header is absent or malformed. An incoming sampling decision is
 * honoured as the recorder's upstream trust says, as for HTTP requests. The segment is
 * current on a thread while a scope of the observation is open there (what was current
 * before comes back when the scope closes), an error makes it a fault with the exception
 * as cause, and it ends when the observation stops.
 * <p>
 * Nothing is left on any thread, no message body and no header value other than the trace
 * header is read or recorded, and a failure of the tracing is logged (throttled) and
 * counted, never thrown into the application. The state of each observation is kept in
 * its context.
 */
public final class XRayMessagingObservationHandler implements ObservationHandler<Observation.Context> {

	/** The metadata namespace of the messaging system and destination. */
	public static final String METADATA_NAMESPACE = "messaging";

	/** The longest destination recorded; longer ones are cut. */
	public static final int MAX_DESTINATION_LENGTH = Entity.MAX_NAME_LENGTH;

	private static final ThrottledLogger logger = new ThrottledLogger(XRayMessagingObservationHandler.class.getName(),
			60_000);

	private final XRayRecorder recorder;

	private final String system;

	private final String serviceName;

	private final List<Class<? extends Observation.Context>> contextTypes;

	private final Function<? super Observation.Context, ? extends @Nullable String> destinations;

	private final LongAdder failures = new LongAdder();

	/**
	 * Creates a handler that names send subsegments after the messaging system.
	 * @param recorder the recorder
	 * @param system the messaging system, such as {@code RabbitMQ}
	 * @param serviceName the name of the segments begun for received messages (the
	 * service name, see {@link #serviceName(XRayProperties, Environment)})
	 * @param contextTypes the observation context classes handled (subclasses of
	 * {@link SenderContext} or {@link ReceiverContext}; others are ignored)
	 */
	public XRayMessagingObservationHandler(XRayRecorder recorder, String system, String serviceName,
			Collection<? extends Class<? extends Observation.Context>> contextTypes) {
		this(recorder, system, serviceName, contextTypes, (context) -> null);
	}

	/**
	 * Creates a handler.
	 * @param recorder the recorder
	 * @param system the messaging system, such as {@code RabbitMQ}
	 * @param serviceName the name of the segments begun for received messages (the
	 * service name, see {@link #serviceName(XRayProperties, Environment)})
	 * @param contextTypes the observation context classes handled (subclasses of
	 * {@link SenderContext} or {@link ReceiverContext}; others are ignored)
	 * @param destinations gives the destination of a handled context (the exchange,
	 * topic, queue; {@code null} when unknown): sends are named after it, and it is
	 * recorded
	 */
	public XRayMessagingObservationHandler(XRayRecorder recorder, String system, String serviceName,
			Collection<? extends Class<? extends Observation.Context>> contextTypes,
			Function<? super Observation.Context, ? extends @Nullable String> destinations) {
		this.recorder = Objects.requireNonNull(recorder, "recorder");
		this.system = Objects.requireNonNull(system, "system");
		this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
		this.contextTypes = List.copyOf(contextTypes);
		this.destinations = Objects.requireNonNull(destinations, "destinations");
	}

	/**
	 * The service name that segments are named after, as the servlet instrumentation
	 * names them: {@code xray.service-name}, else {@code spring.application.name}, else
	 * {@code application}.
	 * @param properties the X-Ray properties
	 * @param environment the environment
	 * @return the service name
	 */
	public static String serviceName(XRayProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getServiceName())) {
			return properties.getServiceName();
		}
		return environment.getProperty("spring.application.name", "application");
	}

	/**
	 * How many times recording failed (logged, throttled, and otherwise ignored).
	 * @return the count
	 */
	public long failures() {
		return this.failures.sum();
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		if (!(context instanceof SenderContext<?>) && !(context instanceof ReceiverContext<?>)) {
			return false;
		}
		for (Class<? extends Observation.Context> type : this.contextTypes) {
			if (type.isInstance(context)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void onStart(Observation.Context context) {
		try {
			if (context instanceof SenderContext<?> sender) {
				startSend(sender);
			}
			else if (context instanceof ReceiverContext<?> receiver) {
				startReceive(receiver);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			failed("record a message", ex);
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void startSend(SenderContext sender) {
		Entity parent = sendParent(sender);
		if (parent == null) {
			return;
		}
		Object carrier = sender.getCarrier();
		if (!parent.isSampled()) {
			// the consumer must know, so that it records nothing either
			if (carrier != null) {
				sender.getSetter()
					.set(carrier, TraceHeader.HEADER_NAME, parent.traceHeaderForChild(Ids.newEntityId()).format());
			}
			return;
		}
		String destination = destination(sender);
		Subsegment subsegment = this.recorder.startSubsegment(parent,
				(destination != null) ? destination : this.system);
		sender.put(State.class, new State(subsegment));
		subsegment.setNamespace(Subsegment.NAMESPACE_REMOTE);
		record(subsegment, "publish", destination);
		if (carrier != null) {
			sender.getSetter().set(carrier, TraceHeader.HEADER_NAME, subsegment.traceHeader().format());
		}
	}

	private @Nullable Entity sendParent(Observation.Context context) {
		Entity current = this.recorder.getCurrentEntity();
		if (current != null) {
			return current;
		}
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < 64; depth++) {
			Observation.ContextView view = parent.getContextView();
			State state = view.get(State.class);
			if (state != null) {
				return state.entity;
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void startReceive(ReceiverContext receiver) {
		TraceHeader incoming = TraceHeader.empty();
		Object carrier = receiver.getCarrier();
		if (carrier != null) {
			incoming = TraceHeader.parse(traceHeader(receiver, carrier));
		}
		String destination = destination(receiver);
		SamplingRequest request = new SamplingRequest(null, null, null, this.serviceName);
		Entity previous = this.recorder.getCurrentEntity();
		Segment segment;
		try {
			segment = this.recorder.beginSegment(this.serviceName, incoming, request);
		}
		finally {
			// the segment is current only while a scope of the observation is open
			this.recorder.setCurrentEntity(previous);
		}
		receiver.put(State.class, new State(segment));
		if (segment.isSampled()) {
			record(segment, "process", destination);
		}
	}

	/**
	 * The message's trace header, or {@code null} when it has none that can be read: a
	 * header of another type, or a getter that fails, is no header.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static @Nullable String traceHeader(ReceiverContext receiver, Object carrier) {
		try {
			Object value = receiver.getGetter().get(carrier, TraceHeader.HEADER_NAME);
			return (value instanceof String string && string.length() <= TraceHeader.MAX_LENGTH) ? string : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private @Nullable String destination(Observation.Context context) {
		try {
			String destination = this.destinations.apply(context);
			if (destination == null || destination.isBlank()) {
				return null;
			}
			return (destination.length() > MAX_DESTINATION_LENGTH) ? destination.substring(0, MAX_DESTINATION_LENGTH)
					: destination;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private void record(Entity entity, String operation, @Nullable String destination) {
		entity.putMetadata(METADATA_NAMESPACE, "system", this.system);
		entity.putMetadata(METADATA_NAMESPACE, "operation", operation);
		if (destination != null) {
			entity.putMetadata(METADATA_NAMESPACE, "destination", destination);
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		State state = context.get(State.class);
		if (state != null) {
			try {
				state.scopes().push(this.recorder.setCurrentEntity(state.entity));
			}
			catch (RuntimeException ex) {
				failed("make a message's entity current", ex);
			}
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		State state = context.get(State.class);
		if (state != null) {
			Deque<Scope> scopes = state.scopes.get(Thread.currentThread());
			if (scopes != null && !scopes.isEmpty()) {
				scopes.pop().close();
				if (scopes.isEmpty()) {
					state.scopes.remove(Thread.currentThread());
				}
			}
		}
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		State state = context.get(State.class);
		if (state != null) {
			state.scopes.remove(Thread.currentThread());
			this.recorder.clearContext();
		}
	}

	@Override
	public void onError(Observation.Context context) {
		State state = context.get(State.class);
		Throwable error = context.getError();
		if (state != null && error != null) {
			try {
				state.entity.addException(error);
			}
			catch (RuntimeException ex) {
				failed("record a messaging error", ex);
			}
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		State state = context.get(State.class);
		if (state == null) {
			return;
		}
		context.remove(State.class);
		try {
			state.entity.end();
		}
		catch (RuntimeException ex) {
			failed("end a message's entity", ex);
		}
	}

	private void failed(String what, Throwable ex) {
		this.failures.increment();
		logger.warnThrottled("X-Ray could not " + what + " (" + this.system + ")", ex);
	}

	/**
	 * What is kept in an observation's context: its entity and the scopes open on each
	 * thread.
	 */
	private static final class State {

		final Entity entity;

		final Map<Thread, Deque<Scope>> scopes = new ConcurrentHashMap<>(2);

		State(Entity entity) {
			this.entity = entity;
		}

		Deque<Scope> scopes() {
			return this.scopes.computeIfAbsent(Thread.currentThread(), (thread) -> new ArrayDeque<>(2));
		}

	}

}
