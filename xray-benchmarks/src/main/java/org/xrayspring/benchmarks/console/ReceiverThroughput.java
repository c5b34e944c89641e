package org.xrayspring.benchmarks.console;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

import org.xrayspring.console.receiver.ReceiverCounters;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.store.TraceStore;

/**
 * Sends paced bursts of valid segment datagrams (about 300 bytes, one new trace each) to
 * the console's receiver on loopback at increasing rates, and reports for each rate how
 * many arrived, how many were accepted into the store and how many were lost (never read,
 * or dropped by the receiver's queue). The highest rate with no loss is the receiver's
 * capacity on this machine.
 * <p>
 * Run:
 * {@code java -cp xray-benchmarks/target/benchmarks.jar org.xrayspring.benchmarks.console.ReceiverThroughput
 * [seconds per rate] [rates...]}
 */
public final class ReceiverThroughput {

	private static final String HEADER = "{\"format\": \"json\", \"version\": 1}\n";

	private ReceiverThroughput() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		int[] rates = { 5_000, 10_000, 20_000, 40_000, 80_000, 160_000 };
		if (args.length > 1) {
			rates = new int[args.length - 1];
			for (int i = 1; i < args.length; i++) {
				rates[i - 1] = Integer.parseInt(args[i]);
			}
		}
		System.out.println("| target datagrams/s | sent/s | received | accepted | lost | loss |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
		for (int rate : rates) {
			Result result = run(rate, seconds);
			System.out.printf(Locale.ROOT, "| %,d | %,.0f | %,d | %,d | %,d | %.3f %% |%n", rate, result.sentPerSecond,
					result.received, result.accepted, result.lost(), 100.0 * result.lost() / result.sent);
		}
	}

	static Result run(int rate, int seconds) throws IOException, InterruptedException {
		TraceStore store = new TraceStore(10_000, 1_000, 64L << 20, Clock.systemUTC());
		ReceiverCounters counters = new ReceiverCounters();
		XRayConsoleReceiver receiver = new XRayConsoleReceiver(
				new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null, 10_000, 16L << 20, store, counters);
		receiver.start();
		try (DatagramChannel sender = DatagramChannel.open()) {
			InetSocketAddress target = receiver.getLocalAddress();
			long total = (long) rate * seconds;
			ByteBuffer buffer = ByteBuffer.allocate(2048);
			long start = System.nanoTime();
			for (long i = 0; i < total; i++) {
				// pace: datagram i is due at start + i / rate seconds
				long due = start + (i * 1_000_000_000L) / rate;
				while (System.nanoTime() < due) {
					Thread.onSpinWait();
				}
				buffer.clear();
				buffer.put(datagram(i).getBytes(StandardCharsets.UTF_8));
				buffer.flip();
				sender.send(buffer, target);
			}
			double elapsed = (System.nanoTime() - start) / 1e9;
			// wait until the receiver has read and processed everything it is going to
			long last = -1;
			while (counters.getReceived() != last || receiver.getQueued() > 0) {
				last = counters.getReceived();
				Thread.sleep(200);
			}
			return new Result(total, total / elapsed, counters.getReceived(), counters.getAccepted());
		}
		finally {
			receiver.stop();
		}
	}

	private static String datagram(long i) {
		String traceId = String.format(Locale.ROOT, "1-%08x-%024x", 0x67000000L + (i >> 20), i);
		String id = String.format(Locale.ROOT, "%016x", i + 1);
		return HEADER + "{\"name\":\"bench-service\",\"id\":\"" + id + "\",\"trace_id\":\"" + traceId
				+ "\",\"start_time\":1764000000.000100,\"end_time\":1764000000.004200,"
				+ "\"http\":{\"request\":{\"method\":\"GET\",\"url\":\"http://localhost:8080/hello\"},"
				+ "\"response\":{\"status\":200,\"content_length\":5}},"
				+ "\"aws\":{\"xray\":{\"sdk\":\"xray-spring-boot\",\"sdk_version\":\"0.1.0-SNAPSHOT\"}}}";
	}

	record Result(long sent, double sentPerSecond, long received, long accepted) {

		long lost() {
			return this.sent - this.accepted;
		}

	}

}
