package org.xrayspring.console.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Decides whether the console answers a request at all, before any route runs. A web page
 * in the user's browser can send requests to the console, so it refuses:
 * <ul>
 * <li>clients whose connection does not come from loopback (unless remote clients are
 * allowed), decided on the connection's own peer address, never on
 * {@code X-Forwarded-For} or {@code Forwarded};</li>
 * <li>a {@code Host} that is not a loopback name or address, the address the connection
 * was accepted on, or a configured host name: a page on a DNS name rebound to 127.0.0.1
 * sends its own name, so it cannot read the console;</li>
 * <li>an {@code Origin} other than the request's own {@code Host}: cross-site requests
 * from pages;</li>
 * <li>a {@code POST} without a JSON content type: a page can send {@code text/plain} or
 * form bodies without a CORS preflight, but not {@code application/json}.</li>
 * </ul>
 *
 * @author xray-spring-boot
 */
final class RequestGuard {

	/**
	 * Request attribute holding the connection's peer address when the container can tell
	 * it apart from a rewritten remote address (set by {@link PeerAddressValve} on
	 * Tomcat).
	 */
	static final String PEER_ADDRESS_ATTRIBUTE = RequestGuard.class.getName() + ".peerAddress";

	private static final String ACCESS_DENIED = "AccessDeniedException";

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");

	private static final Pattern HOST_NAME = Pattern
		.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

	private final boolean allowRemote;

	private final boolean anyHost;

	private final Set<String> allowedHosts;

	/**
	 * Create a guard.
	 * @param allowRemote whether clients other than loopback ones are answered
	 * @param allowedHosts more host names (or addresses) the console may be reached by;
	 * {@code *} allows any
	 */
	RequestGuard(boolean allowRemote, List<String> allowedHosts) {
		this.allowRemote = allowRemote;
		this.anyHost = allowedHosts.contains("*");
		this.allowedHosts = allowedHosts.stream()
			.map((host) -> (host.indexOf(':') != host.lastIndexOf(':') && !host.contains("["))
					? normalizeHost(host.trim()) : hostName(host))
			.filter((host) -> !host.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Check a request.
	 * @param request the request
	 * @return why the request is refused, or {@code null} if it may go on
	 */
	@Nullable ApiException check(HttpServletRequest request) {
		HttpServletRequest connection = unwrap(request);
		if (!this.allowRemote && !isLoopbackLiteral(peerAddress(request, connection))) {
			return new ApiException(HttpStatus.FORBIDDEN, ACCESS_DENIED,
					"The X-Ray console only answers loopback clients (set xray.console.allow-remote=true)");
		}
		String host = connection.getHeader("Host");
		if (host != null && !isAllowedHost(hostName(host), connection)) {
			return new ApiException(HttpStatus.FORBIDDEN, ACCESS_DENIED, "The X-Ray console does not answer "
					+ "requests for this Host; use a loopback address or add it to xray.console.allowed-hosts");
		}
		String origin = connection.getHeader("Origin");
		if (origin != null && !isSameOrigin(origin, host)) {
			return new ApiException(HttpStatus.FORBIDDEN, ACCESS_DENIED,
					"The X-Ray console does not answer cross-origin requests");
		}
		if ("POST".equals(request.getMethod()) && !isJson(request.getContentType())) {
			return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaTypeException",
					"The X-Ray console API takes application/json request bodies");
		}
		return null;
	}

	/**
	 * The container's own request, under every wrapper: filters such as Spring's
	 * {@code ForwardedHeaderFilter} or Tomcat's {@code RemoteIpFilter} wrap the request
	 * to report forwarded values as the remote address and host.
	 */
	private static HttpServletRequest unwrap(HttpServletRequest request) {
		ServletRequest current = request;
		while (current instanceof ServletRequestWrapper wrapper
				&& wrapper.getRequest() instanceof HttpServletRequest inner) {
			current = inner;
		}
		return (HttpServletRequest) current;
	}

	private static @Nullable String peerAddress(HttpServletRequest request, HttpServletRequest connection) {
		// Valves such as Tomcat's RemoteIpValve (forward-headers-strategy=native) rewrite
		// the container's own
		// remote address; the peer address set by PeerAddressValve is the socket's.
		if (request.getAttribute(PEER_ADDRESS_ATTRIBUTE) instanceof String peer) {
			return peer;
		}
		// Other containers (Jetty's ForwardedRequestCustomizer) may have rewritten the
		// remote address from these
		// headers, trusting any client: fail closed rather than take a forwarded value
		// for the socket's.
		if (connection.getHeader("Forwarded") != null || connection.getHeader("X-Forwarded-For") != null) {
			return null;
		}
		return connection.getRemoteAddr();
	}

	private boolean isAllowedHost(String host, HttpServletRequest connection) {
		if (this.anyHost || isLoopbackName(host) || this.allowedHosts.contains(host)) {
			return true;
		}
		// The address the connection was accepted on, written as a literal: a rebound DNS
		// name never is one.
		String local = connection.getLocalAddr();
		return local != null && isAddressLiteral(host) && sameAddress(host, local);
	}

	private static boolean isLoopbackName(String host) {
		return host.equals("localhost") || host.endsWith(".localhost") && HOST_NAME.matcher(host).matches()
				|| isAddressLiteral(host) && isLoopbackLiteral(host);
	}

	private boolean isSameOrigin(String origin, @Nullable String host) {
		if (host == null) {
			return false;
		}
		URI uri;
		try {
			uri = new URI(origin);
		}
		catch (URISyntaxException ex) {
			return false;
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
				|| uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null
				|| uri.getRawUserInfo() != null) {
			return false;
		}
		int defaultPort = scheme.equals("https") ? 443 : 80;
		int originPort = (uri.getPort() != -1) ? uri.getPort() : defaultPort;
		int hostPort = hostPort(host, defaultPort);
		return originPort == hostPort && normalizeHost(uri.getHost()).equals(hostName(host));
	}

	/**
	 * The host name of a {@code Host} header, lower case, without port and IPv6 brackets.
	 */
	private static String hostName(String host) {
		String value = host.trim();
		if (value.startsWith("[")) {
			int end = value.indexOf(']');
			return (end > 0) ? normalizeHost(value.substring(0, end + 1)) : "";
		}
		int colon = value.indexOf(':');
		return normalizeHost((colon >= 0) ? value.substring(0, colon) : value);
	}

	private static int hostPort(String host, int defaultPort) {
		String value = host.trim();
		int colon = value.lastIndexOf(':');
		if (colon < 0 || value.startsWith("[") && value.lastIndexOf(']') > colon) {
			return defaultPort;
		}
		try {
			return Integer.parseInt(value.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String normalizeHost(String host) {
		String value = host.toLowerCase(Locale.ROOT);
		return (value.startsWith("[") && value.endsWith("]")) ? value.substring(1, value.length() - 1) : value;
	}

	/**
	 * Whether a host is an IPv4 or IPv6 address literal that
	 * {@link InetAddress#getByName} parses without a DNS look-up (an IPv4-like text with
	 * an octet above 255 would be looked up as a name).
	 */
	private static boolean isAddressLiteral(String host) {
		if (IPV4.matcher(host).matches()) {
			for (String octet : host.split("\\.")) {
				if (Integer.parseInt(octet) > 255) {
					return false;
				}
			}
			return true;
		}
		return host.indexOf(':') >= 0 && IPV6.matcher(host).matches();
	}

	/**
	 * Whether an address literal is a loopback address. Only literals are parsed: a name
	 * would be looked up in DNS.
	 */
	private static boolean isLoopbackLiteral(@Nullable String address) {
		if (address == null || !isAddressLiteral(normalizeHost(address))) {
			return false;
		}
		try {
			return InetAddress.getByName(normalizeHost(address)).isLoopbackAddress();
		}
		catch (UnknownHostException | RuntimeException ex) {
			return false;
		}
	}

	private static boolean sameAddress(String literal, String address) {
		try {
			return InetAddress.getByName(literal).equals(InetAddress.getByName(normalizeHost(address)));
		}
		catch (UnknownHostException | RuntimeException ex) {
			return false;
		}
	}

	private static boolean isJson(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
			return type.getType().equalsIgnoreCase("application")
					&& (subtype.equals("json") || subtype.startsWith("x-amz-json-") || subtype.endsWith("+json"));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

}
