package org.xrayspring.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Builds segment documents and datagrams for tests.
 *
 * @author xray-spring-boot
 */
public final class TestDocuments {

	/** The Java and Go SDKs' header. */
	public static final String HEADER = "{\"format\": \"json\", \"version\": 1}";

	/** The Node and Python SDKs' header. */
	public static final String COMPACT_HEADER = "{\"format\":\"json\",\"version\":1}";

	private static final SecureRandom random = new SecureRandom();

	private TestDocuments() {
	}

	public static String traceId() {
		return traceId(System.currentTimeMillis() / 1000);
	}

	public static String traceId(long epochSecond) {
		byte[] bytes = new byte[12];
		random.nextBytes(bytes);
		return "1-" + String.format(Locale.ROOT, "%08x", epochSecond) + "-" + HexFormat.of().formatHex(bytes);
	}

	public static String id() {
		byte[] bytes = new byte[8];
		random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

	public static double now() {
		return System.currentTimeMillis() / 1000.0;
	}

	/**
	 * A complete segment.
	 * @param traceId the trace id
	 * @param id the segment id
	 * @param name the service name
	 * @param start start seconds
	 * @param end end seconds
	 * @param extra additional JSON members (without surrounding braces, may be empty)
	 * @return the document
	 */
	public static String segment(String traceId, String id, String name, double start, double end, String extra) {
		return "{\"trace_id\":\"" + traceId + "\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"start_time\":"
				+ start + ",\"end_time\":" + end + (extra.isEmpty() ? "" : "," + extra) + "}";
	}

	public static String inProgressSegment(String traceId, String id, String name, double start) {
		return "{\"trace_id\":\"" + traceId + "\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"start_time\":"
				+ start + ",\"in_progress\":true}";
	}

	public static String subsegment(String traceId, String parentId, String id, String name, double start, double end,
			String extra) {
		return "{\"type\":\"subsegment\",\"trace_id\":\"" + traceId + "\",\"parent_id\":\"" + parentId + "\",\"id\":\""
				+ id + "\",\"name\":\"" + name + "\",\"start_time\":" + start + ",\"end_time\":" + end
				+ (extra.isEmpty() ? "" : "," + extra) + "}";
	}

	public static String http(String method, String url, int status) {
		return "\"http\":{\"request\":{\"method\":\"" + method + "\",\"url\":\"" + url + "\"},\"response\":{\"status\":"
				+ status + "}}";
	}

	/**
	 * A segment of a new trace padded to about {@code size} bytes: with
	 * {@code subsegments} as many small embedded subsegments as fit (a parsed form about
	 * 8 times the text), else one long metadata string (about 1 time).
	 * @param size the approximate document size in bytes
	 * @param subsegments whether to fill it with subsegments
	 * @return the document
	 */
	public static String largeSegment(int size, boolean subsegments) {
		String traceId = traceId();
		double now = now();
		String prefix = "{\"trace_id\":\"" + traceId + "\",\"id\":\"" + id() + "\",\"name\":\"flood\",\"start_time\":"
				+ now + ",\"end_time\":" + (now + 0.5) + ",";
		StringBuilder document = new StringBuilder(size + 300).append(prefix);
		if (subsegments) {
			document.append("\"subsegments\":[");
			String separator = "";
			while (document.length() < size - 300) {
				document.append(separator)
					.append("{\"id\":\"")
					.append(id())
					.append("\",\"name\":\"orders@db\",\"namespace\":\"remote\",\"start_time\":")
					.append(now + 0.1)
					.append(",\"end_time\":")
					.append(now + 0.2)
					.append(",")
					.append(http("GET", "http://db/q", 200))
					.append(",\"annotations\":{\"n\":1}}");
				separator = ",";
			}
			return document.append("]}").toString();
		}
		document.append("\"metadata\":{\"default\":{\"padding\":\"");
		document.append("x".repeat(Math.max(0, size - document.length() - 4)));
		return document.append("\"}}}").toString();
	}

	/**
	 * Send datagrams from one socket, as fast as it goes.
	 * @param target the receiver
	 * @param datagrams the datagrams
	 */
	public static void sendAll(InetSocketAddress target, Iterable<byte[]> datagrams) {
		try (DatagramSocket socket = new DatagramSocket()) {
			for (byte[] datagram : datagrams) {
				socket.send(new DatagramPacket(datagram, datagram.length, target));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static byte[] datagram(String document) {
		return (HEADER + "\n" + document).getBytes(StandardCharsets.UTF_8);
	}

	public static void send(InetSocketAddress target, byte[] datagram) {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.send(new DatagramPacket(datagram, datagram.length, target));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static void send(InetSocketAddress target, String document) {
		send(target, datagram(document));
	}

}
