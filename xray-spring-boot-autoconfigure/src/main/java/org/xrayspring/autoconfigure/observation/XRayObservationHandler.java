package org.xrayspring.autoconfigure.observation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Scope;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;
import org.xrayspring.recorder.url.UrlRedactor;

/**
 * Records Micrometer observations ({@code @Observed} methods, Spring Data, messaging,
 * scheduled tasks, ...) as X-Ray subsegments: begun when the observation starts, current
 * on a thread while one of its scopes is open there, ended when it stops. Low-cardinality
 * key values become annotations (keys with characters outside {@code [A-Za-z0-9_]}
 * replaced by {@code _}), high-cardinality ones metadata in the
 * {@value #METADATA_NAMESPACE} namespace (values that are URLs without credentials,
 * secret parameter values and path parameters), and an error is recorded as the cause.
 * <p>
 * Observations that X-Ray's own instrumentation already records are skipped, so nothing
 * appears twice: HTTP server and client requests (servlet filter, {@code RestTemplate},
 * {@code RestClient}, {@code WebClient}), JDBC, and sending and receiving messages with
 * Spring AMQP, Spring Kafka and JMS (the messaging instrumentations). They are recognized
 * by their context classes, by name, because those classes are optional.
 * <p>
 * A subsegment nests under the entity current on the starting thread when that lies
 * within the parent observation's subsegment, else under the parent observation's
 * subsegment, else under the current entity. Outside a trace nothing is recorded.
 */
public final class XRayObservationHandler implements ObservationHandler<Observation.Context> {

	/** The metadata namespace of high-cardinality key values. */
	public static final String METADATA_NAMESPACE = "observation";

	private static final ThrottledLogger logger = new ThrottledLogger(XRayObservationHandler.class.getName(), 60_000);

	/**
	 * Context classes (or superclasses) of observations recorded elsewhere: HTTP, JDBC,
	 * and the messaging observations that the messaging instrumentations record.
	 */
	static final Set<String> SKIPPED_CONTEXTS = Set.of(
			"org.springframework.http.client.observation.ClientRequestObservationContext",
			"org.springframework.http.server.observation.ServerRequestObservationContext",
			"org.springframework.web.reactive.function.client.ClientRequestObservationContext",
			"org.springframework.http.server.reactive.observation.ServerRequestObservationContext",
			"net.ttddyy.observation.tracing.DataSourceBaseContext",
			"org.springframework.amqp.rabbit.support.micrometer.RabbitMessageSenderContext",
			"org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext",
			"org.springframework.kafka.support.micrometer.KafkaRecordSenderContext",
			"org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext",
			"io.micrometer.jakarta9.instrument.jms.JmsPublishObservationContext",
			"io.micrometer.jakarta9.instrument.jms.JmsProcessObservationContext");

	/**
	 * Observation names recorded elsewhere, for contexts customized beyond recognition.
	 */
	private static final Set<String> SKIPPED_NAMES = Set.of("http.server.requests", "http.client.requests");

	private static final ClassValue<Boolean> skippedContextType = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
				if (SKIPPED_CONTEXTS.contains(candidate.getName())) {
					return true;
				}
			}
			return false;
		}

	};

	private final XRayRecorder recorder;

	/**
	 * Creates a handler.
	 * @param recorder the recorder
	 */
	public XRayObservationHandler(XRayRecorder recorder) {
		this.recorder = recorder;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context != null && !isRecordedElsewhere(context);
	}

	static boolean isRecordedElsewhere(Observation.ContextView context) {
		if (context instanceof Observation.Context && skippedContextType.get(context.getClass())) {
			return true;
		}
		String name = context.getName();
		return name != null && (SKIPPED_NAMES.contains(name) || name.startsWith("jdbc."));
	}

	@Override
	public void onStart(Observation.Context context) {
		try {
			Entity parent = parent(context);
			if (parent == null) {
				return;
			}
			// starting does not make an observation current, opening a scope does
			Subsegment subsegment = this.recorder.startSubsegment(parent, name(context));
			context.put(State.class, new State(subsegment));
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not record observation '" + context.getName() + "'", ex);
		}
	}

	private @Nullable Entity parent(Observation.Context context) {
		Entity current = this.recorder.getCurrentEntity();
		Subsegment observed = parentSubsegment(context);
		if (observed == null) {
			return current;
		}
		return (current != null && isWithin(current, observed)) ? current : observed;
	}

	private static @Nullable Subsegment parentSubsegment(Observation.ContextView context) {
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < 64; depth++) {
			Observation.ContextView view = parent.getContextView();
			State state = view.get(State.class);
			if (state != null) {
				return state.subsegment;
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	private static boolean isWithin(Entity entity, Subsegment ancestor) {
		Entity candidate = entity;
		for (int depth = 0; candidate != null && depth < 256; depth++) {
			if (candidate == ancestor) {
				return true;
			}
			candidate = (candidate instanceof Subsegment subsegment) ? subsegment.getParent() : null;
		}
		return false;
	}

	private static @Nullable String name(Observation.Context context) {
		String contextual = context.getContextualName();
		return (contextual != null && !contextual.isBlank()) ? contextual : context.getName();
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		State state = context.get(State.class);
		if (state != null) {
			state.scopes().push(this.recorder.setCurrentEntity(state.subsegment));
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		State state = context.get(State.class);
		if (state != null) {
			Deque<Scope> scopes = state.scopesOnThisThread();
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
		}
		this.recorder.clearContext();
	}

	@Override
	public void onError(Observation.Context context) {
		State state = context.get(State.class);
		if (state != null && context.getError() != null) {
			state.subsegment.addException(context.getError());
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		State state = context.get(State.class);
		if (state == null) {
			return;
		}
		Subsegment subsegment = state.subsegment;
		try {
			for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
				subsegment.putAnnotation(annotationKey(keyValue.getKey()), recordable(keyValue.getValue()));
			}
			for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
				subsegment.putMetadata(METADATA_NAMESPACE, keyValue.getKey(), recordable(keyValue.getValue()));
			}
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray could not record the key values of observation '" + context.getName() + "'",
					ex);
		}
		finally {
			subsegment.end();
			context.remove(State.class);
		}
	}

	/**
	 * A key value as it may be recorded: a value that is a URL (a connection string, a
	 * request URL) goes through {@link UrlRedactor}, so no credential, secret parameter
	 * or session id is recorded; other values as they are.
	 * @param value the value
	 * @return the value to record
	 */
	static @Nullable String recordable(String value) {
		if (value == null) {
			return null;
		}
		// a URL starts with its scheme: only a short prefix is looked at, whatever the
		// value's length
		int schemeEnd = 0;
		while (schemeEnd < value.length() && isSchemeChar(value.charAt(schemeEnd))) {
			schemeEnd++;
		}
		boolean url = value.regionMatches(true, 0, "jdbc:", 0, 5)
				|| (schemeEnd > 1 && value.charAt(schemeEnd - 1) == ':' && value.startsWith("//", schemeEnd));
		return url ? UrlRedactor.redact(value) : value;
	}

	private static boolean isSchemeChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-'
				|| c == '.' || c == ':';
	}

	/**
	 * Makes a key value's key a valid annotation key: characters outside
	 * {@code [A-Za-z0-9_]} become {@code _}.
	 * @param key the key
	 * @return the annotation key
	 */
	static String annotationKey(String key) {
		if (key == null || key.isEmpty()) {
			return "_";
		}
		String limited = (key.length() > 500) ? key.substring(0, 500) : key;
		StringBuilder result = null;
		for (int i = 0; i < limited.length(); i++) {
			char c = limited.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
			if (!allowed) {
				if (result == null) {
					result = new StringBuilder(limited);
				}
				result.setCharAt(i, '_');
			}
		}
		return (result != null) ? result.toString() : limited;
	}

	/**
	 * What is kept in an observation's context: its subsegment and the scopes open on
	 * each thread.
	 */
	private static final class State {

		final Subsegment subsegment;

		final Map<Thread, Deque<Scope>> scopes = new ConcurrentHashMap<>(2);

		State(Subsegment subsegment) {
			this.subsegment = subsegment;
		}

		Deque<Scope> scopes() {
			return this.scopes.computeIfAbsent(Thread.currentThread(), (thread) -> new ArrayDeque<>(2));
		}

		@Nullable Deque<Scope> scopesOnThisThread() {
			return this.scopes.get(Thread.currentThread());
		}

	}

}
