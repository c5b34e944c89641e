package org.xrayspring.recorder.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;
import org.xrayspring.recorder.testing.FakeDaemon;
import org.xrayspring.recorder.testing.FakeDaemon.Datagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

/**
 * A recorder whose {@link UdpEmitter} sends to a real {@link FakeDaemon}, and the checks
 * every received datagram must pass: at most {@value UdpEmitter#MAX_DATAGRAM_BYTES}
 * bytes, a header the daemon accepts, a document valid against AWS's schema.
 */
final class DaemonRoundTrip implements AutoCloseable {

	private final FakeDaemon daemon = new FakeDaemon();

	private final UdpEmitter emitter = new UdpEmitter(DaemonAddress.parse(this.daemon.address()));

	private final XRayRecorder recorder = XRayRecorder.builder()
		.emitter(this.emitter)
		.samplingStrategy(SamplingStrategy.always())
		.build();

	XRayRecorder recorder() {
		return this.recorder;
	}

	UdpEmitter emitter() {
		return this.emitter;
	}

	/**
	 * Waits until everything queued was sent, then checks and parses every datagram
	 * received.
	 */
	List<JsonNode> receiveAll() {
		assertThat(this.emitter.flush(30_000)).isTrue();
		List<JsonNode> documents = new ArrayList<>();
		for (Datagram datagram : this.daemon.drain(Duration.ofMillis(300))) {
			assertThat(datagram.bytes().length).isLessThanOrEqualTo(UdpEmitter.MAX_DATAGRAM_BYTES);
			assertThat(datagram.daemonAccepts()).isTrue();
			documents.add(assertValidDocument(datagram.body()));
		}
		return documents;
	}

	/**
	 * The entity with this id in the documents received (nested or sent on its own),
	 * asserting it arrived.
	 */
	static JsonNode find(List<JsonNode> documents, Entity entity) {
		for (JsonNode document : documents) {
			JsonNode found = find(document, entity.getId());
			if (found != null) {
				return found;
			}
		}
		throw new AssertionError(entity + " did not arrive in " + documents.size() + " documents");
	}

	private static JsonNode find(JsonNode node, String id) {
		if (id.equals(node.path("id").asString())) {
			return node;
		}
		for (JsonNode child : node.path("subsegments")) {
			JsonNode found = find(child, id);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	@Override
	public void close() {
		this.emitter.close();
		this.daemon.close();
	}

}
