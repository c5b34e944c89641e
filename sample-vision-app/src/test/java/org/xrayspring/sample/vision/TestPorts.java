package org.xrayspring.sample.vision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Gives each test application its own UDP port for the embedded console and the recorder,
 * so tests never meet a real daemon or each other.
 */
public final class TestPorts {

	private TestPorts() {
	}

	/**
	 * Point the recorder and the embedded console at one free loopback UDP port.
	 * @param registry the registry
	 */
	public static void consoleOnFreeUdpPort(DynamicPropertyRegistry registry) {
		String address = "127.0.0.1:" + freeUdpPort();
		registry.add("xray.console.udp-address", () -> address);
		registry.add("xray.daemon-address", () -> address);
	}

	static int freeUdpPort() {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
