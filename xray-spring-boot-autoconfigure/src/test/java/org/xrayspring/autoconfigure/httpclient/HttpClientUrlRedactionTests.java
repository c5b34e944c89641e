package org.xrayspring.autoconfigure.httpclient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.xrayspring.autoconfigure.httpclient.HttpClientTracingTests.Client;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.DaemonAddress;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * Secrets in the URL of an outbound call (user information, path parameters such as
 * {@code ;jsessionid=}, secret query parameters) never reach the client subsegment: real
 * calls of RestTemplate, RestClient and WebClient to a loopback server, documents sent
 * over UDP to a fake daemon.
 */
class HttpClientUrlRedactionTests {

	private static final String SESSION_SECRET = "SessionSecret4711";

	private static final String TOKEN_SECRET = "TokenSecret4711";

	private static final String PASSWORD_SECRET = "PasswordSecret4711";

	private final LoopbackHttpServer server = new LoopbackHttpServer();

	private final FakeDaemon daemon = new FakeDaemon();

	private final UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()));

	private final XRayRecorder recorder = XRayRecorder.builder()
		.emitter(this.emitter)
		.samplingStrategy(SamplingStrategy.always())
		.build();

	@AfterEach
	void close() {
		this.recorder.clearContext();
		this.emitter.close();
		this.daemon.close();
		this.server.close();
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void pathParametersAndQueryAreNotRecorded(Client client) {
		this.recorder.beginSegment("caller");
		client.get(this.recorder, this.server.url() + "/items;jsessionid=" + SESSION_SECRET + "/42;v=" + SESSION_SECRET
				+ "?access_token=" + TOKEN_SECRET + "&page=2");
		this.recorder.endSegment();

		JsonNode call = onlySubsegmentOfNextDocument();
		assertThat(call.path("name").asString()).isEqualTo("127.0.0.1");
		assertThat(call.path("http").path("request").path("url").asString()).isEqualTo(this.server.url() + "/items/42");
		assertThat(this.server.takeHeader()).startsWith("Root=");
	}

	@ParameterizedTest
	@EnumSource(Client.class)
	void userInformationIsNotRecordedNorNamedAlsoWhenTheCallFails(Client client) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		this.recorder.beginSegment("caller");
		assertThatException().isThrownBy(() -> client.get(this.recorder, "http://app:" + PASSWORD_SECRET + "@127.0.0.1:"
				+ port + "/x;jsessionid=" + SESSION_SECRET + "?token=" + TOKEN_SECRET));
		this.recorder.endSegment();

		JsonNode call = onlySubsegmentOfNextDocument();
		assertThat(call.path("name").asString()).isEqualTo("127.0.0.1");
		assertThat(call.path("http").path("request").path("url").asString())
			.isEqualTo("http://127.0.0.1:" + port + "/x");
		assertThat(call.path("fault").asBoolean()).isTrue();
	}

	private JsonNode onlySubsegmentOfNextDocument() {
		Datagram datagram = this.daemon.next(Duration.ofSeconds(10));
		assertThat(datagram.daemonAccepts()).isTrue();
		assertThat(new String(datagram.bytes(), StandardCharsets.UTF_8)).doesNotContain(SESSION_SECRET)
			.doesNotContain(TOKEN_SECRET)
			.doesNotContain(PASSWORD_SECRET);
		JsonNode document = assertValidDocument(datagram.body());
		assertThat(document.path("subsegments").size()).isOne();
		return document.path("subsegments").get(0);
	}

}
