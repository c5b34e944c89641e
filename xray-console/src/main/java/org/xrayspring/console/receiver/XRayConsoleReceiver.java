package org.xrayspring.console.receiver;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xrayspring.console.document.DocumentError;
import org.xrayspring.console.document.InvalidDocumentException;
import org.xrayspring.console.document.ReceivedSegmentDocument;
import org.xrayspring.console.store.TraceStore;

import org.springframework.context.SmartLifecycle;

/**
 * UDP receiver that behaves as the AWS X-Ray daemon: reads each datagram into a
 * 65,536-byte buffer, splits it at the first newline, accepts the header iff
 * {@code format} is {@code json} in any case and {@code version} is the integer 1, and
 * takes the body verbatim. Unlike the daemon, which forwards bodies unread, the body is
 * then parsed and stored, so invalid bodies are counted here. One thread reads; a second
 * parses and stores, fed through a queue bounded in datagrams and in bytes whose overflow
 * is counted. No datagram and no failure stops the receiver.
 *
 * @author xray-spring-boot
 */
public final class XRayConsoleReceiver implements SmartLifecycle {

	/** The daemon's read buffer: {@code Socket.BufferSizeKB = 64}. */
	public static final int BUFFER_SIZE = 64 * 1024;

	private static final Log logger = LogFactory.getLog(XRayConsoleReceiver.class);

	private static final int SAMPLE_LENGTH = 200;

	private final InetSocketAddress bindAddress;

	private final @Nullable InetSocketAddress relayAddress;

	private final TraceStore store;

	private final ReceiverCounters counters;

	private final BlockingQueue<byte[]> queue;

	private final long maxQueueBytes;

	/** Bytes of the datagrams in {@link #queue}; only the reader thread adds to it. */
	private final AtomicLong queuedBytes = new AtomicLong();

	private final RateLimitedLog problems = new RateLimitedLog(logger, 10_000);

	private volatile @Nullable DatagramChannel channel;

	private volatile @Nullable DatagramSocket relaySocket;

	private volatile boolean running;

	private @Nullable Thread readerThread;

	private @Nullable Thread processorThread;

	private volatile @Nullable String failure;

	/**
	 * Create a receiver.
	 * @param bindAddress the UDP address to bind (port 0 for any free port)
	 * @param relayAddress the upstream daemon to relay accepted datagrams to, or
	 * {@code null}
	 * @param queueCapacity the capacity of the queue between reading and processing, in
	 * datagrams
	 * @param maxQueueBytes the capacity of that queue in bytes
	 * @param store where accepted documents go
	 * @param counters the counters to update
	 */
	public XRayConsoleReceiver(InetSocketAddress bindAddress, @Nullable InetSocketAddress relayAddress,
			int queueCapacity, long maxQueueBytes, TraceStore store, ReceiverCounters counters) {
		this.bindAddress = bindAddress;
		this.relayAddress = relayAddress;
		this.store = store;
		this.counters = counters;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
		this.maxQueueBytes = maxQueueBytes;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		DatagramChannel opened = null;
		try {
			opened = DatagramChannel.open();
			// Ask for a large socket buffer so bursts wait in the kernel rather than
			// being lost; the OS may cap it.
			opened.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
			opened.bind(this.bindAddress);
			if (this.relayAddress != null) {
				this.relaySocket = new DatagramSocket();
			}
		}
		catch (IOException | RuntimeException ex) {
			// The host application keeps running without a receiver; the UI shows why.
			this.failure = "Cannot bind UDP " + this.bindAddress + ": " + ex;
			logger.error("X-Ray console receiver not started: " + this.failure);
			closeQuietly(opened);
			return;
		}
		this.channel = opened;
		this.failure = null;
		this.running = true;
		this.readerThread = new Thread(this::readLoop, "xray-console-udp");
		this.readerThread.setDaemon(true);
		this.processorThread = new Thread(this::processLoop, "xray-console-processor");
		this.processorThread.setDaemon(true);
		this.readerThread.start();
		this.processorThread.start();
		logger.info("X-Ray console receiving segments on udp://" + getLocalAddress().getHostString() + ":"
				+ getLocalAddress().getPort()
				+ ((this.relayAddress != null) ? ", relaying to " + this.relayAddress : ""));
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		closeQuietly(this.channel);
		DatagramSocket relay = this.relaySocket;
		if (relay != null) {
			relay.close();
		}
		join(this.readerThread);
		if (this.processorThread != null) {
			this.processorThread.interrupt();
		}
		join(this.processorThread);
		this.queue.clear();
		this.queuedBytes.set(0);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the bound address (with the actual port when bound to port 0).
	 * @return the address, or the configured one when not running
	 */
	public InetSocketAddress getLocalAddress() {
		DatagramChannel current = this.channel;
		if (current != null) {
			try {
				SocketAddress local = current.getLocalAddress();
				if (local instanceof InetSocketAddress inet) {
					return inet;
				}
			}
			catch (IOException ex) {
				// Closed: fall back to the configured address.
			}
		}
		return this.bindAddress;
	}

	/**
	 * Return why the receiver could not start, if it could not.
	 * @return the failure or {@code null}
	 */
	public @Nullable String getFailure() {
		return this.failure;
	}

	/**
	 * Return the number of datagrams waiting to be parsed.
	 * @return the queue length
	 */
	public int getQueued() {
		return this.queue.size();
	}

	/**
	 * Return the bytes of the datagrams waiting to be parsed.
	 * @return the byte count
	 */
	public long getQueuedBytes() {
		return this.queuedBytes.get();
	}

	/**
	 * Return the counters.
	 * @return the counters
	 */
	public ReceiverCounters getCounters() {
		return this.counters;
	}

	private void readLoop() {
		ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
		while (this.running) {
			DatagramChannel current = this.channel;
			if (current == null) {
				return;
			}
			try {
				buffer.clear();
				if (current.receive(buffer) == null) {
					continue;
				}
				buffer.flip();
				byte[] datagram = new byte[buffer.remaining()];
				buffer.get(datagram);
				this.counters.received();
				enqueue(datagram);
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				this.problems.warn("receive", "X-Ray console receiver read failed (continuing): " + ex);
			}
		}
	}

	private void enqueue(byte[] datagram) {
		// Only this thread adds, so the check cannot be overtaken; the processor only
		// makes room.
		if (this.queuedBytes.get() + datagram.length > this.maxQueueBytes) {
			this.counters.rejected(RejectReason.QUEUE_FULL,
					"Processing queue full (" + this.queuedBytes.get() + " bytes waiting)", sample(datagram));
			return;
		}
		this.queuedBytes.addAndGet(datagram.length);
		if (!this.queue.offer(datagram)) {
			this.queuedBytes.addAndGet(-datagram.length);
			this.counters.rejected(RejectReason.QUEUE_FULL,
					"Processing queue full (" + this.queue.size() + " datagrams waiting)", sample(datagram));
		}
	}

	private void processLoop() {
		while (this.running || !this.queue.isEmpty()) {
			byte[] datagram;
			try {
				datagram = this.queue.poll(200, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					return;
				}
				continue;
			}
			if (datagram == null) {
				continue;
			}
			this.queuedBytes.addAndGet(-datagram.length);
			try {
				process(datagram);
			}
			catch (RuntimeException ex) {
				this.counters.rejected(RejectReason.INVALID_DOCUMENT, "Unexpected failure: " + ex, sample(datagram));
				this.problems.warn("process", "X-Ray console failed to process a datagram (continuing): " + ex);
			}
		}
	}

	/**
	 * Check, parse and store one datagram, exactly as the reader thread would hand it
	 * over.
	 * @param datagram the datagram bytes
	 */
	void process(byte[] datagram) {
		int newline = indexOf(datagram, (byte) '\n');
		if (newline < 0) {
			this.counters.rejected(RejectReason.NO_NEWLINE, "Missing header or segment", sample(datagram));
			return;
		}
		if (!DatagramHeader.isValid(datagram, 0, newline)) {
			this.counters.rejected(RejectReason.INVALID_HEADER,
					"Invalid header: "
							+ new String(datagram, 0, Math.min(newline, SAMPLE_LENGTH), StandardCharsets.UTF_8),
					sample(datagram));
			return;
		}
		String body = new String(datagram, newline + 1, datagram.length - newline - 1, StandardCharsets.UTF_8);
		if (body.isBlank()) {
			this.counters.rejected(RejectReason.EMPTY_BODY, "Missing header or segment", sample(datagram));
			return;
		}
		List<ReceivedSegmentDocument> documents;
		try {
			documents = ReceivedSegmentDocument.parse(body);
		}
		catch (InvalidDocumentException ex) {
			RejectReason reason = (ex.getError() == DocumentError.INVALID_JSON) ? RejectReason.INVALID_JSON
					: RejectReason.INVALID_DOCUMENT;
			this.counters.rejected(reason, ex.getError().code() + ": " + ex.getMessage(), sample(datagram));
			return;
		}
		for (ReceivedSegmentDocument document : documents) {
			this.store.add(document);
		}
		this.counters.accepted();
		relay(datagram);
	}

	private void relay(byte[] datagram) {
		DatagramSocket socket = this.relaySocket;
		if (socket == null || this.relayAddress == null) {
			return;
		}
		try {
			socket.send(new DatagramPacket(datagram, datagram.length, this.relayAddress));
			this.counters.relayed(true);
		}
		catch (IOException | RuntimeException ex) {
			this.counters.relayed(false);
			this.problems.warn("relay", "X-Ray console could not relay to " + this.relayAddress + ": " + ex);
		}
	}

	private static int indexOf(byte[] data, byte value) {
		for (int i = 0; i < data.length; i++) {
			if (data[i] == value) {
				return i;
			}
		}
		return -1;
	}

	private static String sample(byte[] datagram) {
		String text = new String(datagram, 0, Math.min(datagram.length, SAMPLE_LENGTH * 4), StandardCharsets.UTF_8);
		return (text.length() > SAMPLE_LENGTH) ? text.substring(0, SAMPLE_LENGTH) + "…" : text;
	}

	private static void closeQuietly(@Nullable DatagramChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// Nothing left to do.
			}
		}
	}

	private static void join(@Nullable Thread thread) {
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
