package org.xrayspring.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 requests written byte for byte on a loopback socket, for tests that must send
 * what ordinary clients refuse to send (a foreign {@code Host}, a forged {@code Origin},
 * no {@code Content-Type}).
 *
 * @author xray-spring-boot
 */
public final class RawHttp {

	private final int port;

	private final Map<String, String> headers = new LinkedHashMap<>();

	private String method = "GET";

	private String path = "/";

	private String body = "";

	private RawHttp(int port) {
		this.port = port;
		this.headers.put("Host", "127.0.0.1:" + port);
	}

	/**
	 * Start a request to {@code 127.0.0.1:port}, with {@code Host: 127.0.0.1:port} unless
	 * replaced.
	 * @param port the port
	 * @return the request
	 */
	public static RawHttp to(int port) {
		return new RawHttp(port);
	}

	public RawHttp get(String path) {
		this.method = "GET";
		this.path = path;
		return this;
	}

	public RawHttp post(String path, String body) {
		this.method = "POST";
		this.path = path;
		this.body = body;
		return this;
	}

	/**
	 * Set a header; a {@code null} value removes it.
	 * @param name the name
	 * @param value the value or {@code null}
	 * @return this request
	 */
	public RawHttp header(String name, String value) {
		if (value == null) {
			this.headers.remove(name);
		}
		else {
			this.headers.put(name, value);
		}
		return this;
	}

	/**
	 * Send the request and read the whole response.
	 * @return the response
	 */
	public Response send() {
		byte[] content = this.body.getBytes(StandardCharsets.UTF_8);
		StringBuilder head = new StringBuilder(this.method).append(' ').append(this.path).append(" HTTP/1.1\r\n");
		this.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (this.method.equals("POST")) {
			head.append("Content-Length: ").append(content.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(60_000);
			OutputStream output = socket.getOutputStream();
			output.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			output.write(content);
			output.flush();
			return Response.parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] readAll(InputStream input) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		input.transferTo(bytes);
		return bytes.toByteArray();
	}

	/**
	 * A response: status, headers (names in lower case) and body (chunked encoding
	 * decoded).
	 *
	 * @param status the status code
	 * @param headers the headers
	 * @param body the body
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (end < 0) {
				throw new IllegalStateException("Incomplete response: " + text);
			}
			String[] lines = text.substring(0, end).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
			String body = text.substring(end + 4);
			if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				body = dechunk(body);
			}
			return new Response(status, headers,
					new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
		}

		private static String dechunk(String chunked) {
			StringBuilder body = new StringBuilder();
			int position = 0;
			while (true) {
				int lineEnd = chunked.indexOf("\r\n", position);
				int size = Integer.parseInt(chunked.substring(position, lineEnd).split(";")[0].trim(), 16);
				if (size == 0) {
					return body.toString();
				}
				body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
				position = lineEnd + 2 + size + 2;
			}
		}

		/**
		 * The X-Ray error type of the response ({@code x-amzn-ErrorType}).
		 * @return the type or {@code null}
		 */
		public String errorType() {
			return this.headers.get("x-amzn-errortype");
		}

	}

}
