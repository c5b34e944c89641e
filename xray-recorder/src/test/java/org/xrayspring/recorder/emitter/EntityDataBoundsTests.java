package org.xrayspring.recorder.emitter;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * One entity's annotations and metadata are bounded in count and in characters however
 * many calls put them, an application's own {@link Number} is never asked for its value
 * or text, and an exception whose accessors throw is still recorded: the document is
 * sent, valid, and what was not written is counted.
 */
class EntityDataBoundsTests {

	private final DaemonRoundTrip daemon = new DaemonRoundTrip();

	private final XRayRecorder recorder = this.daemon.recorder();

	@AfterEach
	void close() {
		this.daemon.close();
	}

	@Test
	void annotationsBeyondTheLimitAreNotWrittenButExistingOnesCanBeOverwritten() {
		Segment segment = this.recorder.beginSegment("svc");
		for (int i = 0; i < Entity.MAX_ANNOTATIONS; i++) {
			assertThat(segment.putAnnotation("key_" + i, i)).isTrue();
		}
		assertThat(segment.putAnnotation("one_too_many", 1)).isFalse();
		assertThat(segment.putAnnotation("key_0", "overwritten")).isTrue();
		this.recorder.endSegment();
		JsonNode document = DaemonRoundTrip.find(this.daemon.receiveAll(), segment);
		assertThat(document.path("annotations").size()).isEqualTo(Entity.MAX_ANNOTATIONS);
		assertThat(document.path("annotations").has("one_too_many")).isFalse();
		assertThat(document.path("annotations").path("key_0").asString()).isEqualTo("overwritten");
		assertThat(this.recorder.counters()).containsEntry("values.rejected", 1L);
	}

	@Test
	void metadataBeyondTheEntitysCharacterBudgetIsNotWritten() {
		Segment segment = this.recorder.beginSegment("svc");
		String value = "v".repeat(10_000);
		int written = 0;
		for (int i = 0; i < 20; i++) {
			if (segment.putMetadata("key" + i, value)) {
				written++;
			}
		}
		assertThat(segment.putMetadata("k".repeat(1_000_000), "a huge key")).isFalse();
		this.recorder.endSegment();
		assertThat(written).isEqualTo(Entity.MAX_METADATA_CHARS / 10_000);
		JsonNode document = DaemonRoundTrip.find(this.daemon.receiveAll(), segment);
		assertThat(document.path("metadata").path("default").size()).isEqualTo(written);
		assertThat(this.recorder.counters()).containsEntry("values.rejected", 20L - written + 1);
		assertThat(this.daemon.emitter().counters()).containsEntry("dropped.too_large", 0L);
	}

	@Test
	void applicationNumbersAreRejectedWithoutCallingThemAndJdkNumbersAreWritten() {
		AtomicInteger calls = new AtomicInteger();
		Segment segment = this.recorder.beginSegment("svc");
		assertThat(segment.putAnnotation("custom", new CustomNumber(calls))).isFalse();
		assertThat(segment.putAnnotation("decimal", new BigDecimal("12.5"))).isTrue();
		assertThat(segment.putAnnotation("atomic", new AtomicInteger(7))).isTrue();
		assertThat(segment.putAnnotation("huge", new BigDecimal("1e400"))).isFalse();
		this.recorder.endSegment();
		JsonNode annotations = DaemonRoundTrip.find(this.daemon.receiveAll(), segment).path("annotations");
		assertThat(calls).hasValue(0);
		assertThat(annotations.has("custom")).isFalse();
		assertThat(annotations.path("decimal").asDouble()).isEqualTo(12.5);
		assertThat(annotations.path("atomic").isIntegralNumber()).isTrue();
		assertThat(annotations.path("atomic").asLong()).isEqualTo(7);
		assertThat(this.recorder.counters()).containsEntry("values.rejected", 2L);
	}

	@Test
	void exceptionWhoseAccessorsThrowIsRecordedWithoutThrowing() {
		Segment segment = this.recorder.beginSegment("svc");
		assertThatNoException().isThrownBy(() -> segment.addException(new HostileException()));
		this.recorder.endSegment();
		JsonNode document = DaemonRoundTrip.find(this.daemon.receiveAll(), segment);
		JsonNode exception = document.path("cause").path("exceptions").get(0);
		assertThat(exception.path("type").asString()).isEqualTo(HostileException.class.getName());
		assertThat(exception.has("message")).isFalse();
		assertThat(document.path("fault").asBoolean()).isTrue();
	}

	static final class CustomNumber extends Number {

		private final AtomicInteger calls;

		CustomNumber(AtomicInteger calls) {
			this.calls = calls;
		}

		@Override
		public int intValue() {
			this.calls.incrementAndGet();
			throw new IllegalStateException("not to be called");
		}

		@Override
		public long longValue() {
			return intValue();
		}

		@Override
		public float floatValue() {
			return intValue();
		}

		@Override
		public double doubleValue() {
			return intValue();
		}

		@Override
		public String toString() {
			this.calls.incrementAndGet();
			throw new IllegalStateException("not to be called");
		}

	}

	static final class HostileException extends RuntimeException {

		@Override
		public String getMessage() {
			throw new IllegalStateException("getMessage");
		}

		@Override
		public synchronized Throwable getCause() {
			throw new IllegalStateException("getCause");
		}

		@Override
		public StackTraceElement[] getStackTrace() {
			throw new IllegalStateException("getStackTrace");
		}

	}

}
