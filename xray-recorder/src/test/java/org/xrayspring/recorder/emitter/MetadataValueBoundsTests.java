package org.xrayspring.recorder.emitter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metadata values that would take unbounded work or memory to write (cycles, shared
 * graphs, deep nesting, huge collections) are rejected when they are put, counted, and
 * the rest of the document is still sent.
 */
class MetadataValueBoundsTests {

	private final DaemonRoundTrip daemon = new DaemonRoundTrip();

	private final XRayRecorder recorder = this.daemon.recorder();

	@AfterEach
	void close() {
		this.daemon.close();
	}

	static Stream<Arguments> unboundedValues() {
		return Stream.of(Arguments.of("map containing itself", (Supplier<Object>) () -> {
			Map<String, Object> map = new HashMap<>();
			map.put("self", map);
			return map;
		}), Arguments.of("list containing itself", (Supplier<Object>) () -> {
			List<Object> list = new ArrayList<>();
			list.add("first");
			list.add(list);
			return list;
		}), Arguments.of("array containing itself", (Supplier<Object>) () -> {
			Object[] array = new Object[1];
			array[0] = array;
			return array;
		}), Arguments.of("one list shared 2^30 ways", (Supplier<Object>) () -> {
			List<Object> list = List.of("leaf");
			for (int i = 0; i < 30; i++) {
				list = Arrays.asList(list, list);
			}
			return list;
		}), Arguments.of("10,000 levels deep", (Supplier<Object>) () -> {
			Object value = "bottom";
			for (int i = 0; i < 10_000; i++) {
				value = Map.of("next", value);
			}
			return value;
		}), Arguments.of("a million elements", (Supplier<Object>) () -> Collections.nCopies(1_000_000, 7)),
				Arguments.of("100,000 characters of strings",
						(Supplier<Object>) () -> Collections.nCopies(10, "x".repeat(10_000))),
				Arguments.of("an endless collection", (Supplier<Object>) EndlessCollection::new));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("unboundedValues")
	void unboundedValueIsRejectedCountedAndTheRestIsSent(String shape, Supplier<Object> value) {
		Segment segment = this.recorder.beginSegment("svc");
		segment.putAnnotation("kept", "yes");
		segment.putMetadata("app", "before", "kept");
		boolean written = segment.putMetadata("app", "bad", value.get());
		segment.putMetadata("app", "after", List.of(1, 2, 3));
		this.recorder.endSegment();
		JsonNode document = DaemonRoundTrip.find(this.daemon.receiveAll(), segment);
		assertThat(written).isFalse();
		assertThat(document.path("annotations").path("kept").asString()).isEqualTo("yes");
		JsonNode metadata = document.path("metadata").path("app");
		assertThat(metadata.path("before").asString()).isEqualTo("kept");
		assertThat(metadata.has("bad")).isFalse();
		assertThat(metadata.path("after")).hasSize(3);
		assertThat(this.recorder.counters()).containsEntry("values.rejected", 1L);
		assertThat(this.daemon.emitter().counters()).containsEntry("dropped.too_large", 0L)
			.containsEntry("dropped.serialization_error", 0L);
	}

	@Test
	void sharedButSmallValuesAreWrittenInFull() {
		List<Object> shared = List.of("a", 1);
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("one", shared);
		value.put("two", shared);
		Segment segment = this.recorder.beginSegment("svc");
		assertThat(segment.putMetadata("shared", value)).isTrue();
		this.recorder.endSegment();
		JsonNode metadata = DaemonRoundTrip.find(this.daemon.receiveAll(), segment).path("metadata").path("default");
		assertThat(metadata.path("shared").path("two").get(0).asString()).isEqualTo("a");
		assertThat(this.recorder.counters()).containsEntry("values.rejected", 0L);
	}

	@Test
	void valueIsCopiedWhenPutSoLaterChangesNeitherShowNorBreakTheEmitter() {
		List<Object> list = new ArrayList<>(List.of("at put"));
		Segment segment = this.recorder.beginSegment("svc");
		segment.putMetadata("list", list);
		list.add(list);
		this.recorder.endSegment();
		JsonNode metadata = DaemonRoundTrip.find(this.daemon.receiveAll(), segment).path("metadata").path("default");
		assertThat(metadata.path("list")).hasSize(1);
		assertThat(metadata.path("list").get(0).asString()).isEqualTo("at put");
	}

	@Test
	void recordsAreWrittenAsObjectsAndOtherObjectsByTypeWithoutCallingToString() {
		AtomicInteger toStringCalls = new AtomicInteger();
		Segment segment = this.recorder.beginSegment("svc");
		segment.putMetadata("label", new Label("cat", 0.5f, List.of("animal")));
		segment.putMetadata("object", new Opaque(toStringCalls));
		segment.putMetadata("key", Map.of(new Opaque(toStringCalls), "value"));
		segment.putMetadata("jdk", List.of(java.time.Instant.EPOCH, java.util.UUID.fromString(UUID), 'c',
				java.time.DayOfWeek.MONDAY, new java.math.BigDecimal("12.50")));
		segment.putMetadata("subclass", new java.util.Date(0) {

			@Override
			public String toString() {
				toStringCalls.incrementAndGet();
				return "secret";
			}

		});
		this.recorder.endSegment();
		JsonNode metadata = DaemonRoundTrip.find(this.daemon.receiveAll(), segment).path("metadata").path("default");
		assertThat(metadata.path("label").path("name").asString()).isEqualTo("cat");
		assertThat(metadata.path("label").path("confidence").asDouble()).isEqualTo(0.5);
		assertThat(metadata.path("label").path("parents").get(0).asString()).isEqualTo("animal");
		assertThat(metadata.path("object").asString()).isEqualTo("<" + Opaque.class.getName() + ">");
		assertThat(metadata.path("key").path("<" + Opaque.class.getName() + ">").asString()).isEqualTo("value");
		assertThat(metadata.path("jdk").toString())
			.isEqualTo("[\"1970-01-01T00:00:00Z\",\"" + UUID + "\",\"c\",\"MONDAY\",12.5]");
		assertThat(metadata.path("subclass").asString()).startsWith("<" + getClass().getName());
		assertThat(toStringCalls).hasValue(0);
	}

	private static final String UUID = "123e4567-e89b-12d3-a456-426614174000";

	record Label(String name, float confidence, List<String> parents) {
	}

	static final class Opaque {

		private final AtomicInteger toStringCalls;

		Opaque(AtomicInteger toStringCalls) {
			this.toStringCalls = toStringCalls;
		}

		@Override
		public String toString() {
			this.toStringCalls.incrementAndGet();
			throw new IllegalStateException("toString() must not be called");
		}

	}

	/** A collection whose iterator never ends and whose size lies. */
	static final class EndlessCollection extends java.util.AbstractCollection<Object> {

		@Override
		public java.util.Iterator<Object> iterator() {
			return Stream.iterate((Object) 0, (i) -> i).iterator();
		}

		@Override
		public int size() {
			return 1;
		}

	}

}
