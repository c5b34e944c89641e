package org.xrayspring.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The floor: after each request, sends one fixed, prebuilt datagram the size of a typical
 * request segment (about 700 bytes) to the daemon address, and does nothing else.
 * Whatever a UDP tracer does, it pays at least this.
 */
final class FloorFilter implements Filter, AutoCloseable {

	private final DatagramChannel channel;

	private final ByteBuffer datagram;

	private final LongAdder sent = new LongAdder();

	private final LongAdder failures = new LongAdder();

	FloorFilter(InetSocketAddress daemon) throws IOException {
		this.channel = DatagramChannel.open();
		this.channel.connect(daemon);
		byte[] bytes = datagram().getBytes(StandardCharsets.UTF_8);
		this.datagram = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			send();
		}
	}

	private void send() {
		try {
			this.channel.write(this.datagram.duplicate());
			this.sent.increment();
		}
		catch (IOException ex) {
			// e.g. PortUnreachableException when nothing listens: counted, never thrown
			// into the request
			this.failures.increment();
		}
	}

	int datagramSize() {
		return this.datagram.capacity();
	}

	long sent() {
		return this.sent.sum();
	}

	long failures() {
		return this.failures.sum();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

	/**
	 * A segment document shaped like what the tracers send for a traced request: daemon
	 * header, http request/response, SDK facts, one SQL subsegment; about 700 bytes,
	 * between what the tracers send for {@code /hello} (about 450) and for {@code /work}
	 * (about 1100).
	 */
	static String datagram() {
		return "{\"format\":\"json\",\"version\":1}\n" + "{\"name\":\"e2e\",\"id\":\"70de5b6f19ff9a0a\","
				+ "\"trace_id\":\"1-6744b2a0-5e1c3b9f0a7d4e2c8b6f1a3d\",\"start_time\":1732555424.123456,"
				+ "\"end_time\":1732555424.124789,\"http\":{\"request\":{\"method\":\"GET\","
				+ "\"url\":\"http://127.0.0.1:8085/work\",\"user_agent\":\"wrk\",\"client_ip\":\"127.0.0.1\"},"
				+ "\"response\":{\"status\":200,\"content_length\":12}},"
				+ "\"aws\":{\"xray\":{\"sdk\":\"xray-spring-boot\",\"sdk_version\":\"0.1.0\"}},"
				+ "\"subsegments\":[{\"name\":\"BENCH@jdbc:h2:mem:bench\","
				+ "\"id\":\"4c2e8a1b7f3d9e05\",\"start_time\":1732555424.124150,\"end_time\":1732555424.124602,"
				+ "\"namespace\":\"remote\",\"sql\":{\"url\":\"jdbc:h2:mem:bench\",\"database_type\":\"H2\","
				+ "\"database_version\":\"2.4.240\",\"user\":\"SA\","
				+ "\"sanitized_query\":\"SELECT name FROM item WHERE id = ?\"}}]}";
	}

}
