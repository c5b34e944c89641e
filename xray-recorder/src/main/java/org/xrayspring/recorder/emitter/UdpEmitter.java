package org.xrayspring.recorder.emitter;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.SegmentDocumentWriter;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.json.JsonWriter;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Sends segment documents to the X-Ray daemon over UDP: one datagram per document, the
 * daemon's header {@code {"format": "json", "version": 1}}, a newline and the document.
 * <p>
 * The calling thread only adds the finished entity to a bounded lock-free queue (and
 * counts a drop when it is full); a single background thread serializes, splits oversized
 * segments (see {@link SegmentDocumentWriter}) so that no datagram exceeds
 * {@value #MAX_DATAGRAM_BYTES} bytes, and sends. Send failures are counted and logged at
 * most once a minute; nothing is thrown to the caller.
 * <p>
 * The socket is opened and connected once the daemon's address resolves: connected, which
 * spares the kernel a route lookup per datagram, and of the address's family, so that an
 * IPv4 daemon is not sent to through the IPv6 stack (see BENCHMARKS.md). When nothing
 * listens there, the kernel says so on a later send, whose datagram is then dropped and
 * counted as a send failure; a datagram to an absent daemon is lost either way.
 * <p>
 * The sender works in batches: it looks at the queue every {@value #BATCH_MILLIS} ms and
 * sends everything queued by then. While entities keep coming it only sleeps between
 * looks, so request threads never wake it; after {@value #IDLE_LOOKS_BEFORE_PARKING}
 * looks in a row find the queue empty it parks, the first entity to arrive unparks it,
 * and it then lets the burst gather for {@value #BATCH_MILLIS} ms. Under load that is a
 * hundred timed sleeps a second, whatever the request rate, instead of a wake-up per
 * request: each wake-up costs system calls and context switches on the CPUs the request
 * threads need, and a thousand a second (a 1 ms delay) cost a busy service measurably
 * more CPU and throughput (see BENCHMARKS.md). Segments reach the daemon at most about
 * {@value #BATCH_MILLIS} ms later, which the daemon, batching its own uploads for about a
 * second, does not notice; {@link #flush(long)} and {@link #close()} do not wait for the
 * delay.
 */
public final class UdpEmitter implements Emitter {

	/** No datagram is larger than this, header included. */
	public static final int MAX_DATAGRAM_BYTES = 64_000;

	/** The daemon protocol header, newline included. */
	public static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";

	/** The default queue capacity, in entities. */
	public static final int DEFAULT_QUEUE_CAPACITY = 8192;

	private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.UTF_8);

	private static final ThrottledLogger logger = new ThrottledLogger(UdpEmitter.class.getName(), 60_000);

	/** How long the sender lets a batch gather between two looks at the queue. */
	static final long BATCH_MILLIS = 10;

	/**
	 * How many looks in a row must find the queue empty before the sender parks until an
	 * entity arrives: short pauses in the traffic keep it sleeping between looks, so no
	 * request thread has to wake it.
	 */
	static final int IDLE_LOOKS_BEFORE_PARKING = 8;

	private final DaemonAddress address;

	/** Entities, and {@link InProgress} for segments to send in progress. */
	private final Queue<Object> queue = new ConcurrentLinkedQueue<>();

	private final int capacity;

	private final long batchNanos;

	/** Waiters of {@link #flush(long)} wait on it. */
	private final Object flushed = new Object();

	/**
	 * Set by the sender before it parks on an empty queue; whoever adds an entity then
	 * unparks it.
	 */
	private volatile boolean senderParked;

	private volatile boolean stopping;

	/** Set by {@link #flush(long)}: the sender skips its batching delay. */
	private volatile boolean flushRequested;

	private final Thread sender;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES);

	/** The sender thread's reusable document buffer. */
	private final JsonWriter json = new JsonWriter(16 * 1024);

	/** {@link #send(JsonWriter)}, made once rather than once per entity. */
	private final Consumer<JsonWriter> sink = this::send;

	private final LongAdder documentsSent = new LongAdder();

	private final LongAdder bytesSent = new LongAdder();

	private final LongAdder documentsTrimmed = new LongAdder();

	private final LongAdder sendFailures = new LongAdder();

	private final LongAdder droppedQueueFull = new LongAdder();

	private final LongAdder droppedTooLarge = new LongAdder();

	private final LongAdder droppedSerialization = new LongAdder();

	private final LongAdder droppedSendFailure = new LongAdder();

	private final LongAdder droppedClosed = new LongAdder();

	private final LongAdder inProgressSuperseded = new LongAdder();

	private volatile boolean closed;

	/**
	 * Entities offered and not yet sent or dropped, so that {@link #flush(long)} knows
	 * when all have left.
	 */
	private final AtomicInteger pending = new AtomicInteger();

	/** Opened by the sender at its first send; closed by {@link #close()}. */
	private volatile @Nullable DatagramChannel channel;

	private InetSocketAddress target;

	/**
	 * Creates an emitter with the default queue capacity and starts its sender thread.
	 * @param address the daemon address
	 */
	public UdpEmitter(DaemonAddress address) {
		this(address, DEFAULT_QUEUE_CAPACITY);
	}

	/**
	 * Creates an emitter and starts its sender thread.
	 * @param address the daemon address
	 * @param queueCapacity how many finished entities may wait to be sent; more are
	 * dropped and counted
	 */
	public UdpEmitter(DaemonAddress address, int queueCapacity) {
		this(address, queueCapacity, TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS));
	}

	/**
	 * Creates an emitter with another batching delay, for tests.
	 */
	UdpEmitter(DaemonAddress address, int queueCapacity, long batchNanos) {
		if (queueCapacity < 1) {
			throw new IllegalArgumentException("queueCapacity must be at least 1");
		}
		this.address = address;
		this.capacity = queueCapacity;
		this.batchNanos = batchNanos;
		this.target = address.udpAddress();
		this.sender = new Thread(this::run, "xray-udp-emitter");
		this.sender.setDaemon(true);
		this.sender.start();
	}

	/**
	 * The daemon address.
	 * @return the address
	 */
	public DaemonAddress getAddress() {
		return this.address;
	}

	@Override
	public void sendSegment(Segment segment) {
		offer(segment);
	}

	@Override
	public void sendInProgressSegment(Segment segment) {
		offer(new InProgress(segment));
	}

	@Override
	public void sendSubsegment(Subsegment subsegment) {
		offer(subsegment);
	}

	private void offer(Object item) {
		if (this.closed) {
			this.droppedClosed.increment();
			return;
		}
		if (this.pending.incrementAndGet() > this.capacity) {
			this.pending.decrementAndGet();
			this.droppedQueueFull.increment();
			logger.warnThrottled(() -> "X-Ray emitter queue is full (" + this.capacity
					+ " entities waiting); segments are being dropped", null);
			return;
		}
		this.queue.add(item);
		if (this.senderParked) {
			this.senderParked = false;
			LockSupport.unpark(this.sender);
		}
	}

	/**
	 * Counters: documents and bytes sent, documents trimmed to fit, send failures, and
	 * documents dropped by reason ({@code dropped.queue_full}, {@code dropped.too_large},
	 * {@code dropped.serialization_error}, {@code dropped.send_failure},
	 * {@code dropped.closed}), in-progress documents not sent because their segment
	 * completed while they waited ({@code in_progress.superseded}), plus the current
	 * queue size.
	 * @return a snapshot in a stable order
	 */
	public Map<String, Long> counters() {
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("documents.sent", this.documentsSent.sum());
		counters.put("bytes.sent", this.bytesSent.sum());
		counters.put("documents.trimmed", this.documentsTrimmed.sum());
		counters.put("send.failures", this.sendFailures.sum());
		counters.put("dropped.queue_full", this.droppedQueueFull.sum());
		counters.put("dropped.too_large", this.droppedTooLarge.sum());
		counters.put("dropped.serialization_error", this.droppedSerialization.sum());
		counters.put("dropped.send_failure", this.droppedSendFailure.sum());
		counters.put("dropped.closed", this.droppedClosed.sum());
		counters.put("in_progress.superseded", this.inProgressSuperseded.sum());
		counters.put("queue.size", (long) this.pending.get());
		return counters;
	}

	/**
	 * Waits until every entity queued so far has been sent (or dropped).
	 * @param timeoutMillis the longest wait
	 * @return whether the queue drained in time
	 */
	public boolean flush(long timeoutMillis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		synchronized (this.flushed) {
			while (this.pending.get() > 0) {
				// asked at every turn, so that an entity queued after the sender's
				// last look leaves without the batching delay too
				this.flushRequested = true;
				LockSupport.unpark(this.sender);
				long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remaining <= 0) {
					return false;
				}
				try {
					this.flushed.wait(Math.min(remaining, 10));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Stops taking entities, sends what is queued (waiting at most two seconds) and
	 * closes the socket.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		flush(2000);
		this.stopping = true;
		LockSupport.unpark(this.sender);
		try {
			this.sender.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.sender.isAlive()) {
			this.sender.interrupt();
		}
		closeChannel();
	}

	/**
	 * The socket, of the daemon address's family and connected to it (resolved again
	 * until it resolves).
	 */
	private DatagramChannel connectedChannel() throws IOException {
		DatagramChannel channel = this.channel;
		if (channel != null && channel.isConnected()) {
			return channel;
		}
		if (this.target.isUnresolved()) {
			this.target = new InetSocketAddress(this.address.udpHost(), this.address.udpPort());
			if (this.target.isUnresolved()) {
				throw new IOException("cannot resolve " + this.address.udpHost());
			}
		}
		if (channel == null) {
			channel = (this.target.getAddress() instanceof Inet4Address)
					? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
			this.channel = channel;
		}
		channel.connect(this.target);
		return channel;
	}

	/**
	 * The sender thread's state, for tests: {@link Thread.State#WAITING} while it is
	 * parked until an entity arrives.
	 */
	Thread.State senderState() {
		return this.sender.getState();
	}

	private void closeChannel() {
		DatagramChannel channel = this.channel;
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// nothing more to do
			}
		}
	}

	private void run() {
		// parked until the first entity arrives
		int idleLooks = IDLE_LOOKS_BEFORE_PARKING;
		while (true) {
			if (idleLooks >= IDLE_LOOKS_BEFORE_PARKING) {
				this.senderParked = true;
				// an entity added before the flag was visible is seen here; one added
				// after it unparks us
				if (this.queue.isEmpty() && !this.stopping) {
					LockSupport.park(this);
				}
				this.senderParked = false;
				idleLooks = 0;
			}
			if (!this.stopping && !this.flushRequested) {
				// let the batch gather, so one wake-up serves many segments
				LockSupport.parkNanos(this, this.batchNanos);
			}
			this.flushRequested = false;
			boolean found = false;
			Object item;
			while ((item = this.queue.poll()) != null) {
				process(item);
				found = true;
			}
			if (this.stopping || Thread.currentThread().isInterrupted()) {
				return;
			}
			idleLooks = found ? 0 : idleLooks + 1;
		}
	}

	private void process(Object item) {
		try {
			if (item instanceof InProgress inProgress) {
				emitInProgress(inProgress.segment());
			}
			else {
				emit((Entity) item);
			}
		}
		catch (Throwable ex) {
			this.droppedSerialization.increment();
			logger.warnThrottled("Could not serialize an X-Ray segment document; it was dropped", ex);
		}
		finally {
			if (this.pending.decrementAndGet() == 0) {
				synchronized (this.flushed) {
					this.flushed.notifyAll();
				}
			}
		}
	}

	/**
	 * Sends an in-progress document unless the segment completed while it waited: it
	 * would be written complete too, a second complete document, and the complete one is
	 * queued behind it.
	 */
	private void emitInProgress(Segment segment) {
		if (segment.isComplete()) {
			this.inProgressSuperseded.increment();
			return;
		}
		emit(segment);
	}

	private void emit(Entity entity) {
		SegmentDocumentWriter.Result result = SegmentDocumentWriter.write(entity,
				MAX_DATAGRAM_BYTES - HEADER_BYTES.length, this.json, this.sink);
		if (result.dropped() > 0) {
			this.droppedTooLarge.add(result.dropped());
			logger.warnThrottled("An X-Ray document of " + entity + " stayed larger than " + MAX_DATAGRAM_BYTES
					+ " bytes after trimming and was dropped", null);
		}
		this.documentsTrimmed.add(result.trimmed());
	}

	private void send(JsonWriter document) {
		ByteBuffer buffer = this.buffer;
		buffer.clear();
		buffer.put(HEADER_BYTES);
		document.copyTo(buffer);
		buffer.flip();
		int bytes = buffer.remaining();
		try {
			connectedChannel().write(buffer);
			this.documentsSent.increment();
			this.bytesSent.add(bytes);
		}
		catch (PortUnreachableException ex) {
			this.sendFailures.increment();
			this.droppedSendFailure.increment();
			logger.warnThrottled("Nothing listens for X-Ray segment documents at " + this.target
					+ " (is the X-Ray daemon running?); documents are being dropped", null);
		}
		catch (IOException ex) {
			this.sendFailures.increment();
			this.droppedSendFailure.increment();
			logger.warnThrottled("Could not send an X-Ray segment document to " + this.target + ": " + ex, null);
		}
	}

	/** A segment to send in progress, told apart from one to send complete. */
	private record InProgress(Segment segment) {
	}

}
