package org.xrayspring.console.api;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Tomcat valve that hands the console the connection's own peer address. With
 * {@code server.forward-headers-strategy=native}, Tomcat's {@code RemoteIpValve} replaces
 * the remote address with the {@code X-Forwarded-For} value for the whole request; Tomcat
 * keeps the socket's address as the peer address, which only valves can read.
 *
 * @author xray-spring-boot
 */
public final class PeerAddressValve extends ValveBase {

	/**
	 * Create the valve.
	 */
	public PeerAddressValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		request.setAttribute(RequestGuard.PEER_ADDRESS_ATTRIBUTE, request.getPeerAddr());
		getNext().invoke(request, response);
	}

}
