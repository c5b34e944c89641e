package org.xrayspring.recorder;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;

/**
 * The root of a trace's tree in one service: the work done for one request. A segment is
 * emitted once it has ended and every subsegment begun under it has ended too.
 */
public final class Segment extends Entity {

	private final String traceId;

	private final @Nullable String parentId;

	private final boolean sampled;

	private final TraceHeader propagation;

	/**
	 * Whether this segment stands for one another process owns and emits (AWS Lambda's
	 * function segment): it is never emitted, and each subsegment begun directly under it
	 * is sent as an independent subsegment.
	 */
	private final boolean facade;

	@Nullable String origin;

	@Nullable String user;

	@Nullable String serviceVersion;

	/**
	 * The W3C {@code tracestate} received with the request, passed on by outbound calls;
	 * never part of the document. Volatile: set once by the instrumentation that began
	 * the segment, read by any thread calling out.
	 */
	private volatile @Nullable String traceState;

	// field updaters rather than AtomicInteger objects: two fewer allocations per segment
	// (see BENCHMARKS.md)
	private static final AtomicIntegerFieldUpdater<Segment> REFERENCES = AtomicIntegerFieldUpdater
		.newUpdater(Segment.class, "references");

	private static final AtomicIntegerFieldUpdater<Segment> COMPLETED_ATTACHED = AtomicIntegerFieldUpdater
		.newUpdater(Segment.class, "completedAttached");

	/** The segment itself plus each subsegment begun and not yet ended. */
	private volatile int references = 1;

	/** Ended subsegments still attached to the tree. */
	private volatile int completedAttached;

	/**
	 * The exceptions whose messages were withheld in this segment's tree; {@code null}
	 * until one is, so that recording an exception otherwise costs one read more. Created
	 * under this segment's monitor.
	 */
	private volatile @Nullable WithheldMessages withheldMessages;

	/**
	 * Guarded by this segment's monitor: the complete document was handed to the emitter.
	 */
	private boolean completed;

	/**
	 * Guarded by this segment's monitor: an in-progress document was handed to the
	 * emitter.
	 */
	private boolean inProgressSent;

	/**
	 * Guarded by this segment's monitor: the roots of late subtrees (see {@link #attach})
	 * not yet sent, only kept when sampled.
	 */
	private @Nullable List<Subsegment> late;

	/**
	 * The centralized sampling rule that sampled this segment, written as
	 * {@code aws.xray.rule_name}.
	 */
	@Nullable String samplingRuleName;

	Segment(XRayRecorder recorder, String name, String traceId, @Nullable String parentId, boolean sampled,
			TraceHeader propagation, long startMicros) {
		super(recorder, name, startMicros);
		this.traceId = traceId;
		this.parentId = parentId;
		this.sampled = sampled;
		this.propagation = propagation;
		this.facade = false;
	}

	/**
	 * A facade: the segment whose id, trace and sampling decision the header carries.
	 */
	Segment(XRayRecorder recorder, TraceHeader header, long startMicros) {
		super(recorder, "facade", startMicros, header.parentId());
		this.traceId = header.rootTraceId();
		this.parentId = null;
		this.sampled = header.sampled() == SampleDecision.SAMPLED;
		this.propagation = header;
		this.facade = true;
	}

	/**
	 * Whether this segment is a facade for a segment another process emits (see
	 * {@link XRayRecorder#beginFacadeSegment(TraceHeader)}): it is never emitted itself.
	 * @return whether a facade
	 */
	public boolean isFacade() {
		return this.facade;
	}

	@Override
	public Segment getSegment() {
		return this;
	}

	@Override
	public String getTraceId() {
		return this.traceId;
	}

	/**
	 * The id of the caller's (sub)segment from the incoming trace header.
	 * @return the parent id, or {@code null}
	 */
	public @Nullable String getParentId() {
		return this.parentId;
	}

	@Override
	public boolean isSampled() {
		return this.sampled;
	}

	/**
	 * Sets the AWS resource type this service runs on, e.g. {@code AWS::ECS::Container}.
	 * @param origin the origin
	 */
	public void setOrigin(String origin) {
		this.origin = (origin != null) ? truncate(origin, MAX_STRING_LENGTH) : null;
	}

	/**
	 * Sets the user id (indexed, usable in filter expressions).
	 * @param user the user
	 */
	public void setUser(String user) {
		this.user = (user != null) ? truncate(user, MAX_STRING_LENGTH) : null;
	}

	/**
	 * Sets {@code service.version}.
	 * @param version the application version
	 */
	public void setServiceVersion(String version) {
		this.serviceVersion = (version != null) ? truncate(version, MAX_STRING_LENGTH) : null;
	}

	/**
	 * Keeps the W3C {@code tracestate} that came with the request, to be passed on with
	 * {@code traceparent} on the calls made within this segment. It is not recorded in
	 * the document.
	 * @param traceState the value; {@code null}, malformed or over the W3C limits clears
	 * it
	 * @see W3CTraceContext#validTraceState(String)
	 */
	public void setTraceState(@Nullable String traceState) {
		this.traceState = W3CTraceContext.validTraceState(traceState);
	}

	/**
	 * The W3C {@code tracestate} to pass on.
	 * @return the value, or {@code null} when none was received
	 */
	public @Nullable String getTraceState() {
		return this.traceState;
	}

	/**
	 * The exceptions withheld in this tree so far.
	 * @return the exceptions, or {@code null} when none was
	 */
	@Nullable WithheldMessages withheldMessages() {
		return this.withheldMessages;
	}

	/**
	 * The exceptions withheld in this tree, created on first use.
	 * @return the exceptions
	 */
	WithheldMessages withheldMessagesCreated() {
		WithheldMessages withheld = this.withheldMessages;
		if (withheld == null) {
			synchronized (this) {
				withheld = this.withheldMessages;
				if (withheld == null) {
					withheld = new WithheldMessages();
					this.withheldMessages = withheld;
				}
			}
		}
		return withheld;
	}

	/**
	 * The header to send downstream from this segment itself.
	 * @return the header
	 */
	public TraceHeader traceHeader() {
		return traceHeaderFor(this);
	}

	TraceHeader traceHeaderFor(Entity parent) {
		return traceHeaderFor(parent.id);
	}

	TraceHeader traceHeaderFor(String parentId) {
		return this.propagation.with(this.traceId, parentId, SampleDecision.of(this.sampled));
	}

	/**
	 * Ends this segment; it is emitted now, or when its last open subsegment ends.
	 */
	@Override
	public void end() {
		if (markEnded()) {
			if (REFERENCES.decrementAndGet(this) == 0) {
				// complete at once: it was never watched for an in-progress document, so
				// no ordering to keep
				this.recorder.segmentCompleted(this, false);
			}
			else {
				this.recorder.segmentEndedWithOpenSubsegments(this);
			}
		}
	}

	/**
	 * Holds this segment back from completing, unless it has completed already: the count
	 * never rises from zero, so a segment completes, and is sent complete, once.
	 */
	private boolean tryRetain() {
		int references;
		do {
			references = this.references;
			if (references == 0) {
				return false;
			}
		}
		while (!REFERENCES.compareAndSet(this, references, references + 1));
		return true;
	}

	void release() {
		if (REFERENCES.decrementAndGet(this) == 0) {
			this.recorder.segmentCompleted(this, true);
		}
	}

	/**
	 * Hands the complete document to the emitter. Under this segment's monitor, so that
	 * an in-progress document can never be queued after the complete one (it would
	 * overwrite it in X-Ray).
	 */
	void emitComplete(Emitter emitter, boolean mayHaveBeenWatched) {
		if (!mayHaveBeenWatched) {
			this.completed = true;
			emitter.sendSegment(this);
			return;
		}
		synchronized (this) {
			this.completed = true;
			emitter.sendSegment(this);
		}
	}

	/**
	 * Hands an in-progress document to the emitter unless the segment completed meanwhile
	 * or one was sent already.
	 * @return whether one was sent
	 */
	boolean emitInProgress(Emitter emitter) {
		synchronized (this) {
			if (this.completed || this.inProgressSent) {
				return false;
			}
			this.inProgressSent = true;
			emitter.sendInProgressSegment(this);
			return true;
		}
	}

	/**
	 * Whether this segment and every subsegment begun under it have ended, so that its
	 * complete document has been handed to the emitter (when sampled). An in-progress
	 * document of a complete segment is out of date.
	 * @return whether complete
	 */
	public boolean isComplete() {
		return this.references == 0;
	}

	/**
	 * Adds a new subsegment under its parent. When the parent's document was already
	 * handed to the emitter (this segment completed, or the parent was streamed early),
	 * the subsegment is late: it is kept out of that tree, which must not change any
	 * more, and sent on its own as an independent subsegment once it and everything begun
	 * under it have ended. Subsegments begun under a late one nest in it as usual.
	 */
	void attach(Entity parent, Subsegment subsegment) {
		synchronized (this) {
			Subsegment parentSubsegment = (parent instanceof Subsegment candidate) ? candidate : null;
			boolean parentSent = parentSubsegment != null && parentSubsegment.sent;
			if (this.facade && parentSubsegment == null) {
				// a facade's document is never sent: its children go on their own, as
				// late ones do
				parentSent = true;
			}
			if (!parentSent && parentSubsegment != null && parentSubsegment.late) {
				subsegment.late = true;
				addChild(parent, subsegment);
			}
			else if (!parentSent && tryRetain()) {
				addChild(parent, subsegment);
			}
			else {
				subsegment.late = true;
				if (this.sampled) {
					if (this.late == null) {
						this.late = new ArrayList<>(2);
					}
					this.late.add(subsegment);
				}
			}
		}
	}

	private static void addChild(Entity parent, Subsegment subsegment) {
		if (parent.subsegments == null) {
			parent.subsegments = new ArrayList<>(4);
		}
		parent.subsegments.add(subsegment);
	}

	void subsegmentEnded(Subsegment subsegment, int streamingThreshold) {
		if (subsegment.late) {
			if (this.sampled) {
				sendCompletedLate();
			}
			return;
		}
		if (this.sampled && COMPLETED_ATTACHED.incrementAndGet(this) > streamingThreshold) {
			streamCompleted();
		}
		release();
	}

	/**
	 * Sends every late subtree that has ended as an independent subsegment.
	 */
	private void sendCompletedLate() {
		List<Subsegment> completed = new ArrayList<>(1);
		synchronized (this) {
			if (this.late == null) {
				return;
			}
			for (Iterator<Subsegment> iterator = this.late.iterator(); iterator.hasNext();) {
				Subsegment root = iterator.next();
				if (root.completedSubtreeSize() > 0) {
					iterator.remove();
					root.markSent();
					completed.add(root);
				}
			}
		}
		for (Subsegment root : completed) {
			if (this.facade && root.getParent() == this) {
				this.recorder.sendIndependentSubsegment(root);
			}
			else {
				this.recorder.sendLateSubsegment(root);
			}
		}
	}

	/**
	 * Detaches every completed subtree and hands it to the emitter as independent
	 * subsegments, so the memory a long request holds stays bounded.
	 */
	private void streamCompleted() {
		List<Subsegment> streamed = new ArrayList<>();
		synchronized (this) {
			collectCompleted(this, streamed);
		}
		for (Subsegment subsegment : streamed) {
			this.recorder.streamSubsegment(subsegment);
		}
	}

	private void collectCompleted(Entity entity, List<Subsegment> streamed) {
		if (entity.subsegments == null) {
			return;
		}
		for (Iterator<Subsegment> iterator = entity.subsegments.iterator(); iterator.hasNext();) {
			Subsegment child = iterator.next();
			int size = child.completedSubtreeSize();
			if (size > 0) {
				iterator.remove();
				child.markSent();
				streamed.add(child);
				COMPLETED_ATTACHED.addAndGet(this, -size);
			}
			else {
				collectCompleted(child, streamed);
			}
		}
	}

}
