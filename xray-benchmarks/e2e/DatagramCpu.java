import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * The CPU time (not wall time) one connected datagram's write costs the sending thread, by the family of the socket:
 * {@code DatagramChannel.open()} (IPv6, the IPv4 daemon reached through an IPv4-mapped address) against
 * {@code open(INET)}, alternating over rounds, 200,000 datagrams of 700 bytes each to a loopback socket nobody reads.
 * On a noisy machine the thread's CPU time separates what JMH's wall time (DatagramBenchmarks) cannot.
 *
 *   java xray-benchmarks/e2e/DatagramCpu.java
 */
public class DatagramCpu {

	public static void main(String[] args) throws Exception {
		DatagramChannel daemon = DatagramChannel.open(StandardProtocolFamily.INET);
		daemon.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
		daemon.bind(new InetSocketAddress("127.0.0.1", 0));
		ByteBuffer buffer = ByteBuffer.allocateDirect(64_000);
		byte[] document = new byte[700];
		Arrays.fill(document, (byte) 'x');
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int datagrams = 200_000;
		for (int round = 0; round < 6; round++) {
			for (String family : new String[] { "dual", "inet" }) {
				try (DatagramChannel channel = "inet".equals(family) ? DatagramChannel.open(StandardProtocolFamily.INET)
						: DatagramChannel.open()) {
					channel.connect(daemon.getLocalAddress());
					long before = threads.getCurrentThreadCpuTime();
					for (int i = 0; i < datagrams; i++) {
						buffer.clear();
						buffer.put(document);
						buffer.flip();
						channel.write(buffer);
					}
					long after = threads.getCurrentThreadCpuTime();
					System.out.printf("round %d %-4s %.2f us CPU per datagram%n", round, family,
							(after - before) / 1e3 / datagrams);
				}
			}
		}
		daemon.close();
	}

}
