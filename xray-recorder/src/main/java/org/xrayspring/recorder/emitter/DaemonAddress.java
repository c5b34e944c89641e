package org.xrayspring.recorder.emitter;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The X-Ray daemon's addresses: UDP for segments and TCP for the sampling API. Written as
 * {@code host:port} (both on the same address) or {@code udp:host:port tcp:host:port} in
 * either order, the format of {@code AWS_XRAY_DAEMON_ADDRESS}. IPv6 literals are written
 * in brackets: {@code [::1]:2000}.
 */
public final class DaemonAddress {

	/** The environment variable AWS's SDKs and daemon read. */
	public static final String ENVIRONMENT_VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";

	/** The default address. */
	public static final String DEFAULT = "127.0.0.1:2000";

	private final String udpHost;

	private final int udpPort;

	private final String tcpHost;

	private final int tcpPort;

	private DaemonAddress(String udpHost, int udpPort, String tcpHost, int tcpPort) {
		this.udpHost = udpHost;
		this.udpPort = udpPort;
		this.tcpHost = tcpHost;
		this.tcpPort = tcpPort;
	}

	/**
	 * Parses an address.
	 * @param value the address
	 * @return the address
	 * @throws IllegalArgumentException with a message saying what is wrong and which
	 * forms are accepted
	 */
	public static DaemonAddress parse(String value) {
		if (value == null || value.isBlank()) {
			throw invalid(value, "it is empty");
		}
		String[] parts = value.trim().split("\\s+");
		if (parts.length == 1) {
			HostPort hostPort = hostPort(value, parts[0]);
			return new DaemonAddress(hostPort.host, hostPort.port, hostPort.host, hostPort.port);
		}
		if (parts.length != 2) {
			throw invalid(value, "it has more than two parts");
		}
		HostPort udp = null;
		HostPort tcp = null;
		for (String part : parts) {
			if (part.startsWith("udp:") && udp == null) {
				udp = hostPort(value, part.substring(4));
			}
			else if (part.startsWith("tcp:") && tcp == null) {
				tcp = hostPort(value, part.substring(4));
			}
			else {
				throw invalid(value, "the two-part form needs one 'udp:' and one 'tcp:' part");
			}
		}
		return new DaemonAddress(udp.host, udp.port, tcp.host, tcp.port);
	}

	private static HostPort hostPort(String value, String part) {
		String host;
		String port;
		if (part.startsWith("[")) {
			int close = part.indexOf(']');
			if (close < 0 || close + 1 >= part.length() || part.charAt(close + 1) != ':') {
				throw invalid(value, "'" + part + "' is not [ipv6]:port");
			}
			host = part.substring(1, close);
			port = part.substring(close + 2);
		}
		else {
			int colon = part.indexOf(':');
			if (colon <= 0 || colon != part.lastIndexOf(':')) {
				throw invalid(value, "'" + part + "' is not host:port");
			}
			host = part.substring(0, colon);
			port = part.substring(colon + 1);
		}
		if (host.isEmpty()) {
			throw invalid(value, "the host is empty");
		}
		int number;
		try {
			number = Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			throw invalid(value, "'" + port + "' is not a port number");
		}
		if (number < 1 || number > 65535) {
			throw invalid(value, "port " + number + " is outside 1-65535");
		}
		return new HostPort(host, number);
	}

	private static IllegalArgumentException invalid(String value, String reason) {
		return new IllegalArgumentException("Invalid X-Ray daemon address '" + value + "': " + reason
				+ ". Use host:port or 'udp:host:port tcp:host:port', for example " + DEFAULT);
	}

	/**
	 * The UDP address segments are sent to (resolved now).
	 * @return the socket address
	 */
	public InetSocketAddress udpAddress() {
		return new InetSocketAddress(this.udpHost, this.udpPort);
	}

	/**
	 * The UDP host.
	 * @return the host
	 */
	public String udpHost() {
		return this.udpHost;
	}

	/**
	 * The UDP port.
	 * @return the port
	 */
	public int udpPort() {
		return this.udpPort;
	}

	/**
	 * The base URL of the daemon's sampling API (its TCP address).
	 * @return for example {@code http://127.0.0.1:2000}
	 */
	public String tcpEndpoint() {
		String host = this.tcpHost.contains(":") ? "[" + this.tcpHost + "]" : this.tcpHost;
		return "http://" + host + ":" + this.tcpPort;
	}

	@Override
	public boolean equals(Object obj) {
		return obj instanceof DaemonAddress other && this.udpHost.equals(other.udpHost) && this.udpPort == other.udpPort
				&& this.tcpHost.equals(other.tcpHost) && this.tcpPort == other.tcpPort;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.udpHost, this.udpPort, this.tcpHost, this.tcpPort);
	}

	@Override
	public String toString() {
		return "udp:" + this.udpHost + ":" + this.udpPort + " tcp:" + this.tcpHost + ":" + this.tcpPort;
	}

	private record HostPort(String host, int port) {
	}

}
