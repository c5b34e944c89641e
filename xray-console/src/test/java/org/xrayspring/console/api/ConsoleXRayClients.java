package org.xrayspring.console.api;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.xray.XRayClient;

/**
 * The AWS SDK v2 X-Ray client pointed at a console on loopback, as a user configures it.
 *
 * @author xray-spring-boot
 */
final class ConsoleXRayClients {

	private ConsoleXRayClients() {
	}

	/**
	 * Create a client for the console embedded under {@code /xray}.
	 * @param port the HTTP port
	 * @return the client, to be closed
	 */
	static XRayClient embedded(int port) {
		return XRayClient.builder()
			.endpointOverride(URI.create("http://127.0.0.1:" + port + "/xray"))
			.region(Region.US_EAST_1)
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
			.httpClient(UrlConnectionHttpClient.create())
			.build();
	}

}
