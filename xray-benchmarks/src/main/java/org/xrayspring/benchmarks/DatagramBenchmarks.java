package org.xrayspring.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one segment datagram's system call costs the emitter's sender, by the family of
 * its socket: {@code DatagramChannel.open()} (IPv6 with IPv4-mapped addresses, so an IPv4
 * datagram passes the IPv6 stack first) against {@code open(INET)}, both connected to an
 * IPv4 loopback socket nobody reads (4 KB receive buffer, as in the end-to-end runs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DatagramBenchmarks {

	@Param({ "dual", "inet" })
	private String family;

	private DatagramChannel daemon;

	private DatagramChannel channel;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(64_000);

	private final byte[] document = new byte[708];

	@Setup(Level.Trial)
	public void open() throws IOException {
		DatagramChannel daemon = DatagramChannel.open(StandardProtocolFamily.INET);
		daemon.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
		daemon.bind(new InetSocketAddress("127.0.0.1", 0));
		this.daemon = daemon;
		ProtocolFamily inet = StandardProtocolFamily.INET;
		DatagramChannel channel = "inet".equals(this.family) ? DatagramChannel.open(inet) : DatagramChannel.open();
		channel.connect(daemon.getLocalAddress());
		this.channel = channel;
		Arrays.fill(this.document, (byte) 'x');
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		this.channel.close();
		this.daemon.close();
	}

	/** One datagram of the floor's size, as the emitter's sender writes it. */
	@Benchmark
	public int sendOneDatagram() throws IOException {
		ByteBuffer buffer = this.buffer;
		buffer.clear();
		buffer.put(this.document);
		buffer.flip();
		return this.channel.write(buffer);
	}

}
