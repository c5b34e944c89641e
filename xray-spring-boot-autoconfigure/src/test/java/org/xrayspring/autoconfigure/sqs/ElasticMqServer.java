package org.xrayspring.autoconfigure.sqs;

import java.net.URI;
import java.util.List;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * ElasticMQ, an SQS-protocol server, in-process on a loopback ephemeral port; clients are
 * the real AWS SDK's.
 */
final class ElasticMqServer implements AutoCloseable {

	static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
		.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

	private final SQSRestServer server;

	private final int port;

	private ElasticMqServer(SQSRestServer server, int port) {
		this.server = server;
		this.port = port;
	}

	static ElasticMqServer start() {
		SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
		int port = server.waitUntilStarted().localAddress().getPort();
		return new ElasticMqServer(server, port);
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	SqsClient client(ExecutionInterceptor... interceptors) {
		return SqsClient.builder()
			.endpointOverride(uri())
			.region(Region.US_EAST_1)
			.credentialsProvider(CREDENTIALS)
			.httpClient(UrlConnectionHttpClient.create())
			.overrideConfiguration((config) -> List.of(interceptors).forEach(config::addExecutionInterceptor))
			.build();
	}

	@Override
	public void close() {
		this.server.stopAndWait();
	}

}
