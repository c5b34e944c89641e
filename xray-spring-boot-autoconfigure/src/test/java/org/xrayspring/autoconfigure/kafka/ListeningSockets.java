package org.xrayspring.autoconfigure.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The local addresses of the sockets listening on a TCP port, read from Linux's
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 */
final class ListeningSockets {

	private static final String LISTEN = "0A";

	private ListeningSockets() {
	}

	/**
	 * The addresses listening on a port.
	 * @param port the port
	 * @return the addresses ({@code 0.0.0.0} or {@code ::} for the wildcard)
	 * @throws IOException when the tables cannot be read
	 */
	static List<InetAddress> boundAddresses(int port) throws IOException {
		List<InetAddress> addresses = new ArrayList<>();
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			Path path = Path.of(table);
			if (!Files.isReadable(path)) {
				continue;
			}
			List<String> lines = Files.readAllLines(path);
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.trim().split("\\s+");
				String[] local = fields[1].split(":");
				if (fields[3].equals(LISTEN) && Integer.parseInt(local[1], 16) == port) {
					addresses.add(InetAddress.getByAddress(decode(local[0])));
				}
			}
		}
		return addresses;
	}

	/**
	 * The kernel writes an address as 32-bit words in host (little-endian) order.
	 */
	private static byte[] decode(String hex) {
		byte[] words = HexFormat.of().parseHex(hex);
		byte[] address = new byte[words.length];
		for (int word = 0; word < words.length; word += 4) {
			for (int i = 0; i < 4; i++) {
				address[word + i] = words[word + 3 - i];
			}
		}
		return address;
	}

}
