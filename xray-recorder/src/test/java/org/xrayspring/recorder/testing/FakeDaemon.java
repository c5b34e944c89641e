package org.xrayspring.recorder.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real UDP socket on loopback that reads datagrams the way the X-Ray daemon does
 * (65,536-byte buffer, split at the first newline, header {@code format} = json ignoring
 * case and {@code version} = integer 1) and keeps them for assertions.
 */
public final class FakeDaemon implements AutoCloseable {

	private static final ObjectMapper mapper = JsonMapper.builder().build();

	private final DatagramSocket socket;

	private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();

	private final Thread reader;

	private volatile boolean closed;

	/**
	 * Opens the socket on a free loopback port and starts reading.
	 */
	public FakeDaemon() {
		this(0);
	}

	/**
	 * Opens the socket on the given loopback port and starts reading.
	 * @param port the port, {@code 0} for a free one
	 */
	public FakeDaemon(int port) {
		this(InetAddress.getLoopbackAddress(), port);
	}

	/**
	 * Opens the socket on the given address and port and starts reading.
	 * @param address a loopback address, IPv4 or IPv6
	 * @param port the port, {@code 0} for a free one
	 */
	public FakeDaemon(InetAddress address, int port) {
		try {
			this.socket = new DatagramSocket(port, address);
			this.socket.setReceiveBufferSize(4 * 1024 * 1024);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.reader = new Thread(this::read, "fake-xray-daemon");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * The address to configure as daemon address.
	 * @return {@code 127.0.0.1:port}, or {@code [::1]:port} on IPv6
	 */
	public String address() {
		InetAddress address = this.socket.getLocalAddress();
		String host = (address instanceof Inet6Address) ? "[" + address.getHostAddress() + "]"
				: address.getHostAddress();
		return host + ":" + this.socket.getLocalPort();
	}

	/**
	 * The port.
	 * @return the port
	 */
	public int port() {
		return this.socket.getLocalPort();
	}

	private void read() {
		byte[] buffer = new byte[65536];
		while (!this.closed) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.socket.receive(packet);
			}
			catch (IOException ex) {
				return;
			}
			byte[] bytes = new byte[packet.getLength()];
			System.arraycopy(buffer, 0, bytes, 0, bytes.length);
			this.received.add(new Datagram(bytes));
		}
	}

	/**
	 * Waits for the next datagram.
	 * @param timeout the longest wait
	 * @return the datagram
	 * @throws AssertionError when none arrives in time
	 */
	public Datagram next(Duration timeout) {
		try {
			Datagram datagram = this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (datagram == null) {
				throw new AssertionError("No datagram within " + timeout);
			}
			return datagram;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Collects datagrams until none arrives for the quiet period.
	 * @param quiet how long to wait for another datagram
	 * @return the datagrams
	 */
	public List<Datagram> drain(Duration quiet) {
		List<Datagram> datagrams = new ArrayList<>();
		try {
			Datagram datagram;
			while ((datagram = this.received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
				datagrams.add(datagram);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return datagrams;
	}

	/**
	 * Waits for a first datagram, then takes datagrams until none arrives for half a
	 * second, asserting that the real daemon would accept each.
	 * @param timeout the longest wait for the first datagram
	 * @return the documents, in the order they arrived
	 */
	public List<String> receiveDocuments(Duration timeout) {
		List<Datagram> datagrams = new ArrayList<>();
		datagrams.add(next(timeout));
		datagrams.addAll(drain(Duration.ofMillis(500)));
		List<String> documents = new ArrayList<>();
		for (Datagram datagram : datagrams) {
			if (!datagram.daemonAccepts()) {
				throw new AssertionError("The daemon would refuse the datagram with header " + datagram.header());
			}
			documents.add(datagram.body());
		}
		return documents;
	}

	/**
	 * Asserts that no datagram arrives within the period.
	 * @param period the period
	 */
	public void assertNothingWithin(Duration period) {
		List<Datagram> datagrams = drain(period);
		if (!datagrams.isEmpty()) {
			throw new AssertionError(
					"Expected no datagram but got " + datagrams.size() + ": " + datagrams.get(0).body());
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.socket.close();
		try {
			this.reader.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One received datagram.
	 *
	 * @param bytes the datagram's bytes
	 */
	public record Datagram(byte[] bytes) {

		/**
		 * The bytes up to the first newline.
		 * @return the header text, or {@code null} when there is no newline
		 */
		public String header() {
			int newline = newline();
			return (newline < 0) ? null : new String(this.bytes, 0, newline, StandardCharsets.UTF_8);
		}

		/**
		 * The bytes after the first newline.
		 * @return the body text
		 */
		public String body() {
			int newline = newline();
			return new String(this.bytes, newline + 1, this.bytes.length - newline - 1, StandardCharsets.UTF_8);
		}

		/**
		 * Whether the real daemon would accept this datagram's header.
		 * @return whether valid
		 */
		public boolean daemonAccepts() {
			String header = header();
			if (header == null || this.bytes.length - newline() - 1 == 0) {
				return false;
			}
			try {
				JsonNode node = mapper.readTree(header);
				return node.path("format").asString("").equalsIgnoreCase("json") && node.path("version").isInt()
						&& node.path("version").asInt() == 1;
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

		/**
		 * The body parsed.
		 * @return the document
		 */
		public JsonNode document() {
			return mapper.readTree(body());
		}

		private int newline() {
			for (int i = 0; i < this.bytes.length; i++) {
				if (this.bytes[i] == '\n') {
					return i;
				}
			}
			return -1;
		}

	}

}
