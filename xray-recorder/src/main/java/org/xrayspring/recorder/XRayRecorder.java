package org.xrayspring.recorder;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.environment.AwsEnvironment;
import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.id.Ids;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.recorder.sampling.SamplingOutcome;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Records segments and subsegments and hands finished ones to an {@link Emitter}.
 * <p>
 * <b>Context.</b> Each thread has at most one current entity. {@link #beginSegment} and
 * {@link #beginSubsegment} make the new entity current; ending such a subsegment makes
 * its parent current again; {@link #endSegment()} clears the thread.
 * {@link #startSubsegment(Entity, String)} begins a subsegment under a given parent and
 * leaves every thread's context as it is, also when it ends: for work that is not the
 * current thread's (an asynchronous call, an observation that becomes current only within
 * its scopes). To continue a trace on another thread, capture {@link #getCurrentEntity()}
 * and open a {@link #setCurrentEntity(Entity) scope} there; work begun in it nests under
 * the captured entity. Every change of a thread's context is told once to the
 * {@linkplain Builder#contextListener(ContextListener) context listener}.
 * <p>
 * <b>Emission.</b> A segment is emitted once it has ended and every subsegment begun
 * under it has ended. When subsegments are still open
 * {@linkplain Builder#inProgressTimeout(Duration) a while} after the segment ended, the
 * segment is sent once as it stands, with end time, the ended subsegments complete and
 * the open ones {@code in_progress}; the complete document follows when the last one ends
 * and overwrites it in X-Ray (the protocol allows one in-progress and one complete
 * document per segment). A segment that is itself still running is never sent, and none
 * is sent complete twice: a subsegment begun under an entity whose document was already
 * handed to the emitter (a segment sent complete, a subsegment streamed early) is sent on
 * its own, as an independent subsegment with that entity as {@code parent_id}, once it
 * has ended.
 * <p>
 * <b>Failures.</b> Nothing here throws into the caller except
 * {@link ContextMissingException} in strict mode: rejected values and emitter failures
 * are counted and logged with throttling.
 */
public final class XRayRecorder implements AutoCloseable {

	/** The name this recorder reports in {@code aws.xray.sdk}. */
	public static final String SDK_NAME = "xray-spring-boot";

	/** This recorder's version, reported in {@code aws.xray.sdk_version}. */
	public static final String VERSION = readVersion();

	/**
	 * How long an ended segment waits for open subsegments before an in-progress document
	 * is sent.
	 */
	public static final Duration DEFAULT_IN_PROGRESS_TIMEOUT = Duration.ofSeconds(30);

	private static final ThrottledLogger logger = new ThrottledLogger(XRayRecorder.class.getName(), 60_000);

	private final ThreadContext context;

	private final Emitter emitter;

	private final SamplingStrategy samplingStrategy;

	private final ContextMissingStrategy contextMissing;

	private final boolean trustUpstream;

	private final int streamingThreshold;

	private final @Nullable String serviceVersion;

	private final @Nullable String origin;

	/**
	 * The {@code aws} fields of the environment, written on every segment; built once,
	 * never changed.
	 */
	final Map<String, Object> environmentAws;

	private final LongSupplier clock;

	private final @Nullable InProgressTracker inProgress;

	private final boolean closeEmitter;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final LongAdder inProgressSent = new LongAdder();

	private final LongAdder segmentsBegun = new LongAdder();

	private final LongAdder segmentsSampled = new LongAdder();

	private final LongAdder segmentsCompleted = new LongAdder();

	private final LongAdder subsegmentsStreamed = new LongAdder();

	private final LongAdder subsegmentsLate = new LongAdder();

	private final LongAdder contextMissingCount = new LongAdder();

	private final LongAdder rejectedValues = new LongAdder();

	private final LongAdder emitterFailures = new LongAdder();

	private XRayRecorder(Builder builder) {
		this.emitter = builder.emitter;
		this.samplingStrategy = builder.samplingStrategy;
		this.contextMissing = builder.contextMissing;
		this.trustUpstream = builder.trustUpstream;
		this.streamingThreshold = builder.streamingThreshold;
		this.serviceVersion = builder.serviceVersion;
		this.origin = (builder.origin != null) ? builder.origin : builder.environment.origin();
		this.environmentAws = builder.environment.aws();
		this.clock = builder.clock;
		this.context = new ThreadContext(builder.contextListener);
		this.closeEmitter = builder.closeEmitter;
		this.inProgress = (builder.inProgressTimeoutMicros > 0)
				? new InProgressTracker(this, builder.inProgressTimeoutMicros, builder.scheduleInProgressChecks) : null;
	}

	/**
	 * Starts building a recorder.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Begins a segment in a new trace, sampled by the sampling strategy.
	 * @param name the segment name (usually the service name)
	 * @return the segment, now current on this thread
	 */
	public Segment beginSegment(String name) {
		return beginSegment(name, TraceHeader.empty(), new SamplingRequest(null, null, null, name));
	}

	/**
	 * Begins a segment for an incoming request. The trace and parent come from the
	 * incoming header when it has a valid {@code Root}; an incoming {@code Sampled=1} or
	 * {@code 0} is honoured when the recorder trusts upstream decisions, otherwise (and
	 * for {@code ?} or no decision) the sampling strategy decides.
	 * @param name the segment name
	 * @param incoming the incoming header, {@link TraceHeader#empty()} when none
	 * @param request what the sampling decision is made on
	 * @return the segment, now current on this thread
	 */
	public Segment beginSegment(String name, TraceHeader incoming, SamplingRequest request) {
		TraceHeader header = (incoming != null) ? incoming : TraceHeader.empty();
		SamplingOutcome outcome = decide(header.sampled(), request);
		boolean sampled = outcome.sampled();
		String traceId = header.rootTraceId();
		String parentId = header.parentId();
		long startMicros = nowMicros();
		if (traceId == null) {
			// a new trace starts with this segment: its id carries the segment's start
			traceId = Ids.newTraceId(startMicros / 1_000_000);
			parentId = null;
		}
		Segment segment = new Segment(this, name, traceId, parentId, sampled, header, startMicros);
		if (this.serviceVersion != null) {
			segment.setServiceVersion(this.serviceVersion);
		}
		if (this.origin != null) {
			segment.setOrigin(this.origin);
		}
		segment.samplingRuleName = outcome.ruleName();
		this.segmentsBegun.increment();
		if (sampled) {
			this.segmentsSampled.increment();
		}
		this.context.set(segment);
		return segment;
	}

	/**
	 * Begins a facade for a segment that another process owns and emits, as AWS Lambda
	 * does for each invocation: its id, trace and sampling decision are the header's
	 * {@code Parent}, {@code Root} and {@code Sampled} (only {@code Sampled=1} samples;
	 * no sampling strategy is consulted). The facade is never emitted; each subsegment
	 * begun directly under it is sent as an independent subsegment once it and everything
	 * under it have ended, and nothing is sent when the header says not sampled. End the
	 * facade when the invocation is over.
	 * @param header the header that names the segment
	 * @return the facade, now current on this thread, or {@code null} (nothing current)
	 * when the header has no valid {@code Root} and {@code Parent}
	 */
	public @Nullable Segment beginFacadeSegment(TraceHeader header) {
		if (header == null || !Ids.isValidTraceId(header.rootTraceId()) || !Ids.isValidEntityId(header.parentId())) {
			return null;
		}
		Segment facade = new Segment(this, header, nowMicros());
		this.context.set(facade);
		return facade;
	}

	private SamplingOutcome decide(SampleDecision upstream, SamplingRequest request) {
		if (this.trustUpstream && upstream == SampleDecision.SAMPLED) {
			return SamplingOutcome.SAMPLED;
		}
		if (this.trustUpstream && upstream == SampleDecision.NOT_SAMPLED) {
			return SamplingOutcome.NOT_SAMPLED;
		}
		try {
			SamplingOutcome outcome = this.samplingStrategy.decide(request, this.origin);
			return (outcome != null) ? outcome : SamplingOutcome.NOT_SAMPLED;
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray sampling strategy failed; the request is not sampled", ex);
			return SamplingOutcome.NOT_SAMPLED;
		}
	}

	/**
	 * Ends the segment of the current entity and clears this thread's context. The
	 * segment is emitted once every subsegment begun under it has ended. Applies the
	 * context-missing strategy when nothing is current.
	 */
	public void endSegment() {
		Entity entity = this.context.get();
		if (entity == null) {
			contextMissing("endSegment", null);
			return;
		}
		try {
			entity.getSegment().end();
		}
		finally {
			this.context.set(null);
		}
	}

	/**
	 * Begins a subsegment of the current entity and makes it current. When nothing is
	 * current the context-missing strategy applies and a detached subsegment that is
	 * never emitted is returned, so callers need no null check.
	 * @param name the subsegment name
	 * @return the subsegment
	 */
	public Subsegment beginSubsegment(String name) {
		Entity parent = this.context.get();
		if (parent == null) {
			contextMissing("beginSubsegment", name);
			Segment detached = new Segment(this, name, Ids.newTraceId(), null, false, TraceHeader.empty(), nowMicros());
			return new Subsegment(this, name, detached, nowMicros(), Ids.newEntityId(), false);
		}
		return beginSubsegment(parent, name);
	}

	/**
	 * Begins a subsegment of the current entity when there is one, for instrumentation:
	 * outside a trace it returns {@code null} and logs at debug level only.
	 * @param name the subsegment name
	 * @return the subsegment, now current, or {@code null}
	 */
	public @Nullable Subsegment beginSubsegmentIfTraced(String name) {
		Entity parent = this.context.get();
		if (parent == null) {
			logger.debug(() -> "No X-Ray context for subsegment '" + name + "'; nothing recorded");
			return null;
		}
		return beginSubsegment(parent, name);
	}

	/**
	 * Begins a subsegment under the given parent and makes it current on this thread.
	 * @param parent the parent entity
	 * @param name the subsegment name
	 * @return the subsegment
	 * @see #startSubsegment(Entity, String)
	 */
	public Subsegment beginSubsegment(Entity parent, String name) {
		Subsegment subsegment = attach(new Subsegment(this, name, parent, nowMicros(), Ids.newEntityId(), true));
		this.context.set(subsegment);
		return subsegment;
	}

	/**
	 * Begins a subsegment under the given parent with an id reserved before, and makes it
	 * current on this thread. For instrumentation that must send the subsegment's header
	 * ({@link Entity#traceHeaderForChild(String)}) before it knows that the call will be
	 * made: nothing waits for a reserved id that is never begun.
	 * @param parent the parent entity
	 * @param name the subsegment name
	 * @param id the reserved id, from {@link Ids#newEntityId()}
	 * @return the subsegment
	 * @throws IllegalArgumentException when the id is not 16 lowercase hex digits
	 */
	public Subsegment beginSubsegment(Entity parent, String name, String id) {
		Subsegment subsegment = attach(new Subsegment(this, name, parent, nowMicros(), reservedId(id), true));
		this.context.set(subsegment);
		return subsegment;
	}

	/**
	 * Starts a subsegment under the given parent without making it current: no thread's
	 * context changes, neither now nor when the subsegment {@linkplain Subsegment#end()
	 * ends}, which may happen on any thread. For work that runs apart from the calling
	 * thread's context, such as an asynchronous call whose response arrives elsewhere; to
	 * make it current for a while, open a {@linkplain #setCurrentEntity(Entity) scope}.
	 * @param parent the parent entity
	 * @param name the subsegment name
	 * @return the subsegment
	 * @see #beginSubsegment(Entity, String)
	 */
	public Subsegment startSubsegment(Entity parent, String name) {
		return attach(new Subsegment(this, name, parent, nowMicros(), Ids.newEntityId(), false));
	}

	/**
	 * Starts a subsegment under the given parent with an id reserved before (see
	 * {@link #beginSubsegment(Entity, String, String)}) without making it current, as
	 * {@link #startSubsegment(Entity, String)} does.
	 * @param parent the parent entity
	 * @param name the subsegment name
	 * @param id the reserved id, from {@link Ids#newEntityId()}
	 * @return the subsegment
	 * @throws IllegalArgumentException when the id is not 16 lowercase hex digits
	 */
	public Subsegment startSubsegment(Entity parent, String name, String id) {
		return attach(new Subsegment(this, name, parent, nowMicros(), reservedId(id), false));
	}

	private static String reservedId(String id) {
		if (!Ids.isValidEntityId(id)) {
			throw new IllegalArgumentException("Not an entity id: 16 lowercase hex digits expected");
		}
		return id;
	}

	private static Subsegment attach(Subsegment subsegment) {
		Entity parent = subsegment.getParent();
		parent.getSegment().attach(parent, subsegment);
		return subsegment;
	}

	/**
	 * Ends the current subsegment; its parent becomes current.
	 */
	public void endSubsegment() {
		Entity entity = this.context.get();
		if (entity instanceof Subsegment subsegment) {
			subsegment.end();
		}
		else {
			contextMissing("endSubsegment", null);
		}
	}

	void subsegmentEnded(Subsegment subsegment) {
		if (subsegment.madeCurrent && this.context.get() == subsegment) {
			this.context.set(subsegment.getParent());
		}
		subsegment.getSegment().subsegmentEnded(subsegment, this.streamingThreshold);
	}

	/**
	 * Runs a block in a named subsegment of the current entity; an exception is recorded
	 * and rethrown.
	 * @param name the subsegment name
	 * @param block the code
	 * @param <T> the result type
	 * @return the block's result
	 */
	public <T> T inSubsegment(String name, Supplier<T> block) {
		Subsegment subsegment = beginSubsegment(name);
		try {
			return block.get();
		}
		catch (RuntimeException | Error ex) {
			subsegment.addException(ex);
			throw ex;
		}
		finally {
			subsegment.end();
		}
	}

	/**
	 * Runs a block in a named subsegment of the current entity; an exception is recorded
	 * and rethrown.
	 * @param name the subsegment name
	 * @param block the code
	 */
	public void inSubsegment(String name, Runnable block) {
		inSubsegment(name, () -> {
			block.run();
			return null;
		});
	}

	/**
	 * Puts an annotation on the current entity (see
	 * {@link Entity#putAnnotation(String, Object)}).
	 * @param key the key
	 * @param value the value
	 * @return whether written
	 */
	public boolean putAnnotation(String key, Object value) {
		Entity entity = this.context.get();
		if (entity == null) {
			contextMissing("putAnnotation", key);
			return false;
		}
		return entity.putAnnotation(key, value);
	}

	/**
	 * Puts metadata on the current entity (see
	 * {@link Entity#putMetadata(String, String, Object)}).
	 * @param namespace the namespace, {@code default} when {@code null}
	 * @param key the key
	 * @param value the value
	 * @return whether written
	 */
	public boolean putMetadata(@Nullable String namespace, String key, Object value) {
		Entity entity = this.context.get();
		if (entity == null) {
			contextMissing("putMetadata", key);
			return false;
		}
		return entity.putMetadata(namespace, key, value);
	}

	/**
	 * The entity current on this thread.
	 * @return the entity, or {@code null}
	 */
	public @Nullable Entity getCurrentEntity() {
		return this.context.get();
	}

	/**
	 * The segment of the entity current on this thread.
	 * @return the segment, or {@code null}
	 */
	public @Nullable Segment getCurrentSegment() {
		Entity entity = this.context.get();
		return (entity != null) ? entity.getSegment() : null;
	}

	/**
	 * The trace id of the entity current on this thread.
	 * @return the trace id, or {@code null} outside a trace
	 */
	public @Nullable String getCurrentTraceId() {
		Entity entity = this.context.get();
		return (entity != null) ? entity.getTraceId() : null;
	}

	/**
	 * Makes an entity (captured on another thread) current on this thread until the
	 * returned scope is closed, which restores what was current before.
	 * @param entity the entity, or {@code null} to clear the context within the scope
	 * @return the scope to close
	 */
	public Scope setCurrentEntity(@Nullable Entity entity) {
		Entity previous = this.context.get();
		this.context.set(entity);
		return () -> this.context.set(previous);
	}

	/**
	 * Clears this thread's context without ending anything.
	 */
	public void clearContext() {
		this.context.set(null);
	}

	/**
	 * The emitter.
	 * @return the emitter
	 */
	public Emitter getEmitter() {
		return this.emitter;
	}

	/**
	 * The sampling strategy.
	 * @return the strategy
	 */
	public SamplingStrategy getSamplingStrategy() {
		return this.samplingStrategy;
	}

	/**
	 * Counters of this recorder: segments begun, sampled and completed, subsegments
	 * streamed early, subsegments begun after their parent was sent and so sent on their
	 * own ({@code subsegments.late}), context missing, rejected values (annotations,
	 * metadata), emitter failures, in-progress documents sent and ended segments not
	 * watched for an in-progress document because too many were waiting, and the sampling
	 * strategy's counters (for centralized sampling {@code sampling.*}: fetches,
	 * failures, active rules).
	 * @return a snapshot, in a stable order
	 */
	public Map<String, Long> counters() {
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("segments.begun", this.segmentsBegun.sum());
		counters.put("segments.sampled", this.segmentsSampled.sum());
		counters.put("segments.completed", this.segmentsCompleted.sum());
		counters.put("subsegments.streamed", this.subsegmentsStreamed.sum());
		counters.put("subsegments.late", this.subsegmentsLate.sum());
		counters.put("context.missing", this.contextMissingCount.sum());
		counters.put("values.rejected", this.rejectedValues.sum());
		counters.put("emitter.failures", this.emitterFailures.sum());
		counters.put("segments.in_progress_sent", this.inProgressSent.sum());
		counters.put("segments.in_progress_untracked", (this.inProgress != null) ? this.inProgress.dropped() : 0L);
		try {
			counters.putAll(this.samplingStrategy.counters());
		}
		catch (RuntimeException ex) {
			logger.warnThrottled("X-Ray sampling strategy failed to report its counters", ex);
		}
		return counters;
	}

	/**
	 * Stops this recorder's thread (the in-progress check) and closes a sampling strategy
	 * that is {@link AutoCloseable} (a centralized strategy's poller), hands every
	 * segment still waiting for open subsegments to the emitter as an in-progress
	 * document, and then, unless the emitter is {@linkplain Builder#closeEmitter(boolean)
	 * owned elsewhere}, closes the emitter, which sends what it has queued. Closing again
	 * does nothing. Entities that end afterwards go to the closed emitter, which drops
	 * them.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (this.samplingStrategy instanceof AutoCloseable closeable) {
			// a centralized strategy's poller stops with the recorder
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.warnThrottled("X-Ray sampling strategy failed to close", ex);
			}
		}
		if (this.inProgress != null) {
			for (Segment waiting : this.inProgress.close()) {
				sendInProgress(waiting);
			}
		}
		if (this.closeEmitter) {
			this.emitter.close();
		}
	}

	long nowMicros() {
		return this.clock.getAsLong();
	}

	void segmentCompleted(Segment segment, boolean mayHaveBeenWatched) {
		if (segment.isFacade()) {
			return;
		}
		this.segmentsCompleted.increment();
		if (!segment.isSampled()) {
			return;
		}
		try {
			segment.emitComplete(this.emitter, mayHaveBeenWatched);
		}
		catch (RuntimeException ex) {
			this.emitterFailures.increment();
			logger.warnThrottled("X-Ray emitter failed to take a segment", ex);
		}
	}

	void segmentEndedWithOpenSubsegments(Segment segment) {
		if (segment.isSampled() && this.inProgress != null) {
			this.inProgress.watch(segment);
		}
	}

	void sendInProgress(Segment segment) {
		try {
			if (segment.emitInProgress(this.emitter)) {
				this.inProgressSent.increment();
			}
		}
		catch (RuntimeException ex) {
			this.emitterFailures.increment();
			logger.warnThrottled("X-Ray emitter failed to take an in-progress segment", ex);
		}
	}

	/**
	 * Sends the in-progress documents that are due now (the recorder's in-progress thread
	 * normally does this).
	 */
	void checkInProgress() {
		if (this.inProgress != null) {
			this.inProgress.check();
		}
	}

	int watchedInProgress() {
		return (this.inProgress != null) ? this.inProgress.size() : 0;
	}

	void streamSubsegment(Subsegment subsegment) {
		this.subsegmentsStreamed.increment();
		sendSubsegment(subsegment);
	}

	void sendLateSubsegment(Subsegment subsegment) {
		this.subsegmentsLate.increment();
		sendSubsegment(subsegment);
	}

	void sendIndependentSubsegment(Subsegment subsegment) {
		sendSubsegment(subsegment);
	}

	private void sendSubsegment(Subsegment subsegment) {
		try {
			this.emitter.sendSubsegment(subsegment);
		}
		catch (RuntimeException ex) {
			this.emitterFailures.increment();
			logger.warnThrottled("X-Ray emitter failed to take a subsegment", ex);
		}
	}

	/**
	 * Counts a rejected value and logs it once per kind and key.
	 * @param kind what was rejected
	 * @param key a short (at most 500 characters) key identifying it
	 * @param message the message, built only when logged
	 */
	void rejected(String kind, String key, Supplier<String> message) {
		this.rejectedValues.increment();
		logger.warnOnce(kind + ":" + key, message);
	}

	private void contextMissing(String operation, @Nullable String argument) {
		this.contextMissingCount.increment();
		switch (this.contextMissing) {
			case FAIL -> throw new ContextMissingException(
					"No X-Ray entity is current on this thread for " + describe(operation, argument));
			case LOG -> logger
				.warnThrottled(() -> "No X-Ray entity is current on this thread for " + describe(operation, argument)
						+ "; nothing recorded (the IGNORE context-missing strategy silences this)", null);
			case IGNORE -> {
			}
		}
	}

	private static String describe(String operation, @Nullable String argument) {
		return (argument != null) ? operation + "(" + Entity.truncate(argument, 100) + ")" : operation;
	}

	private static long systemMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	private static String readVersion() {
		try (InputStream in = XRayRecorder.class.getResourceAsStream("xray-recorder.properties")) {
			if (in != null) {
				Properties properties = new Properties();
				properties.load(in);
				return properties.getProperty("version", "unknown");
			}
		}
		catch (IOException ex) {
			// fall through
		}
		return "unknown";
	}

	/**
	 * Builds an {@link XRayRecorder}.
	 */
	public static final class Builder {

		private Emitter emitter = Emitter.noop();

		private SamplingStrategy samplingStrategy = LocalSamplingStrategy.defaultStrategy();

		private ContextMissingStrategy contextMissing = ContextMissingStrategy.LOG;

		private boolean trustUpstream = true;

		private int streamingThreshold = 100;

		private @Nullable String serviceVersion;

		private @Nullable String origin;

		private AwsEnvironment environment = AwsEnvironment.none();

		private LongSupplier clock = XRayRecorder::systemMicros;

		private @Nullable ContextListener contextListener;

		private long inProgressTimeoutMicros = DEFAULT_IN_PROGRESS_TIMEOUT.toNanos() / 1000;

		private boolean closeEmitter = true;

		boolean scheduleInProgressChecks = true;

		private Builder() {
		}

		/**
		 * Sets how long an ended segment waits for its open subsegments before it is sent
		 * once with those subsegments {@code in_progress} (default 30 seconds). Its
		 * complete document is still sent when the last subsegment ends and overwrites
		 * the in-progress one in X-Ray. Zero or negative: never send in-progress
		 * documents.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder inProgressTimeout(Duration timeout) {
			Objects.requireNonNull(timeout, "timeout");
			this.inProgressTimeoutMicros = (timeout.isNegative() || timeout.isZero()) ? 0
					: Math.max(1, timeout.toNanos() / 1000);
			return this;
		}

		/**
		 * Sets a listener told of every change of a thread's current entity (for example
		 * to update the MDC).
		 * @param contextListener the listener, may be {@code null}
		 * @return this builder
		 */
		public Builder contextListener(@Nullable ContextListener contextListener) {
			this.contextListener = contextListener;
			return this;
		}

		/**
		 * Sets the emitter (default: one that drops everything).
		 * @param emitter the emitter
		 * @return this builder
		 */
		public Builder emitter(Emitter emitter) {
			this.emitter = Objects.requireNonNull(emitter, "emitter");
			return this;
		}

		/**
		 * Sets whether {@link XRayRecorder#close()} closes the emitter too (default
		 * {@code true}). Set it to {@code false} when something else closes the emitter,
		 * for example an application context that manages it as a bean, so that it is not
		 * closed twice; the recorder must then be closed first.
		 * @param closeEmitter whether the recorder closes its emitter
		 * @return this builder
		 */
		public Builder closeEmitter(boolean closeEmitter) {
			this.closeEmitter = closeEmitter;
			return this;
		}

		/**
		 * Sets the sampling strategy (default: 1 request per second plus 5 %).
		 * @param samplingStrategy the strategy
		 * @return this builder
		 */
		public Builder samplingStrategy(SamplingStrategy samplingStrategy) {
			this.samplingStrategy = Objects.requireNonNull(samplingStrategy, "samplingStrategy");
			return this;
		}

		/**
		 * Sets what the programmatic API does without a current entity (default
		 * {@code LOG}).
		 * @param contextMissing the strategy
		 * @return this builder
		 */
		public Builder contextMissing(ContextMissingStrategy contextMissing) {
			this.contextMissing = Objects.requireNonNull(contextMissing, "contextMissing");
			return this;
		}

		/**
		 * Sets whether an incoming {@code Sampled=1|0} decides sampling (default
		 * {@code true}).
		 * @param trustUpstream the flag
		 * @return this builder
		 */
		public Builder trustUpstream(boolean trustUpstream) {
			this.trustUpstream = trustUpstream;
			return this;
		}

		/**
		 * Sets how many completed subsegments a segment may hold before they are streamed
		 * (default 100).
		 * @param streamingThreshold the threshold
		 * @return this builder
		 */
		public Builder streamingThreshold(int streamingThreshold) {
			if (streamingThreshold < 1) {
				throw new IllegalArgumentException("streamingThreshold must be at least 1");
			}
			this.streamingThreshold = streamingThreshold;
			return this;
		}

		/**
		 * Sets {@code service.version} on every segment.
		 * @param serviceVersion the version, may be {@code null}
		 * @return this builder
		 */
		public Builder serviceVersion(@Nullable String serviceVersion) {
			this.serviceVersion = serviceVersion;
			return this;
		}

		/**
		 * Sets {@code origin} on every segment.
		 * @param origin the origin, may be {@code null}
		 * @return this builder
		 */
		public Builder origin(@Nullable String origin) {
			this.origin = origin;
			return this;
		}

		/**
		 * Sets where the application runs: every segment carries its {@code origin}
		 * (unless {@link #origin} sets another) and its {@code aws} fields (unless the
		 * segment sets the same field itself).
		 * @param environment the environment, e.g. from
		 * {@link org.xrayspring.recorder.environment.EnvironmentDetector}
		 * @return this builder
		 */
		public Builder environment(AwsEnvironment environment) {
			this.environment = Objects.requireNonNull(environment, "environment");
			return this;
		}

		/**
		 * Sets the clock (for tests).
		 * @param epochMicrosClock the current time in microseconds since the epoch
		 * @return this builder
		 */
		public Builder clock(LongSupplier epochMicrosClock) {
			this.clock = Objects.requireNonNull(epochMicrosClock, "clock");
			return this;
		}

		/**
		 * Builds the recorder.
		 * @return the recorder
		 */
		public XRayRecorder build() {
			return new XRayRecorder(this);
		}

	}

}
