package org.xrayspring.recorder;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.header.SampleDecision;
import org.xrayspring.recorder.header.TraceHeader;
import org.xrayspring.recorder.header.W3CTraceContext;
import org.xrayspring.recorder.id.Ids;
import org.xrayspring.recorder.sampling.SamplingRequest;
import org.xrayspring.recorder.sampling.SamplingStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.xrayspring.recorder.testing.SegmentDocumentAssertions.assertValidDocument;

class XRayRecorderTests {

	private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

	private final RecordingEmitter emitter = new RecordingEmitter();

	private final AtomicLong clock = new AtomicLong(1_700_000_000_000_000L);

	private XRayRecorder recorder = recorder(SamplingStrategy.always(), true);

	private XRayRecorder recorder(SamplingStrategy sampling, boolean trustUpstream) {
		return XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(sampling)
			.trustUpstream(trustUpstream)
			.clock(() -> this.clock.addAndGet(1500))
			.build();
	}

	@AfterEach
	void contextIsClean() {
		assertThat(this.recorder.getCurrentEntity()).isNull();
	}

	@Test
	void aNewTraceIdCarriesTheSecondItsSegmentStarted() {
		// the segment starts at 0x6a4d2f10 s + 0.9985 s (the clock adds 1.5 ms per read):
		// not the machine's time, and the second before the next one
		this.clock.set(0x6a4d_2f10L * 1_000_000 + 997_000);
		Segment segment = this.recorder.beginSegment("orders");
		this.recorder.endSegment();
		assertThat(segment.getTraceId()).startsWith("1-6a4d2f10-");
	}

	@Test
	void segmentWithNestedSubsegmentsIsEmittedOnceWhenEnded() {
		Segment segment = this.recorder.beginSegment("orders");
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		Subsegment outer = this.recorder.beginSubsegment("outer");
		Subsegment inner = this.recorder.beginSubsegment("inner");
		assertThat(inner.getParent()).isSameAs(outer);
		this.recorder.endSubsegment();
		assertThat(this.recorder.getCurrentEntity()).isSameAs(outer);
		this.recorder.endSubsegment();
		assertThat(this.recorder.getCurrentEntity()).isSameAs(segment);
		assertThat(this.emitter.segments).isEmpty();
		this.recorder.endSegment();
		assertThat(this.emitter.segments).containsExactly(segment);
		JsonNode document = assertValidDocument(this.emitter.documents.get(0));
		assertThat(document.path("name").asString()).isEqualTo("orders");
		assertThat(document.path("subsegments").get(0).path("name").asString()).isEqualTo("outer");
		assertThat(document.path("subsegments").get(0).path("subsegments").get(0).path("id").asString())
			.isEqualTo(inner.getId());
		assertThat(document.path("aws").path("xray").path("sdk").asString()).isEqualTo("xray-spring-boot");
		assertThat(document.path("start_time").asDouble()).isEqualTo(1_700_000_000.0015,
				org.assertj.core.data.Offset.offset(1e-6));
	}

	@Test
	void segmentWaitsForSubsegmentsEndedOnOtherThreads() throws Exception {
		Segment segment = this.recorder.beginSegment("svc");
		Entity captured = this.recorder.getCurrentEntity();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		CompletableFuture<Subsegment> started = new CompletableFuture<>();
		CompletableFuture<Void> release = new CompletableFuture<>();
		Future<?> work = executor.submit(() -> {
			try (Scope scope = this.recorder.setCurrentEntity(captured)) {
				Subsegment async = this.recorder.beginSubsegment("async-work");
				started.complete(async);
				release.join();
				async.end();
			}
			return this.recorder.getCurrentEntity();
		});
		Subsegment async = started.get();
		assertThat(async.getParent()).isSameAs(segment);
		this.recorder.endSegment();
		assertThat(this.emitter.segments).isEmpty();
		release.complete(null);
		assertThat(work.get()).as("pooled thread holds no context afterwards").isNull();
		executor.shutdown();
		assertThat(this.emitter.segments).containsExactly(segment);
		assertValidDocument(this.emitter.documents.get(0));
	}

	@Test
	void incomingHeaderJoinsTheTraceAndHonoursTheDecision() {
		TraceHeader incoming = TraceHeader.parse("Root=" + ROOT + ";Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1");
		this.recorder = recorder(SamplingStrategy.never(), true);
		Segment segment = this.recorder.beginSegment("svc", incoming, new SamplingRequest("h", "GET", "/", "svc"));
		assertThat(segment.getTraceId()).isEqualTo(ROOT);
		assertThat(segment.getParentId()).isEqualTo("53995c3f42cd8ad8");
		assertThat(segment.isSampled()).isTrue();
		Subsegment call = this.recorder.beginSubsegment("downstream");
		assertThat(call.traceHeader().format())
			.isEqualTo("Root=" + ROOT + ";Parent=" + call.getId() + ";Sampled=1;Lineage=a:1");
		call.end();
		this.recorder.endSegment();
		JsonNode document = assertValidDocument(this.emitter.documents.get(0));
		assertThat(document.path("parent_id").asString()).isEqualTo("53995c3f42cd8ad8");
	}

	@Test
	void traceStateIsKeptOnTheSegmentAndNeverInTheDocument() {
		W3CTraceContext incoming = W3CTraceContext.parse("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00",
				"rojo=00f067aa0ba902b7");
		this.recorder = recorder(SamplingStrategy.always(), true);
		Segment segment = this.recorder.beginSegment("svc", incoming.joinTo(TraceHeader.empty()),
				new SamplingRequest("h", "GET", "/", "svc"));
		segment.setTraceState(incoming.traceState());
		assertThat(segment.getTraceId()).isEqualTo(ROOT);
		assertThat(segment.getParentId()).isEqualTo("53995c3f42cd8ad8");
		// W3C sampled flag 00 trusted like Sampled=0
		assertThat(segment.isSampled()).isFalse();
		assertThat(segment.getTraceState()).isEqualTo("rojo=00f067aa0ba902b7");
		segment.setTraceState("Bad Key=1");
		assertThat(segment.getTraceState()).isNull();
		segment.setTraceState("rojo=1");
		this.recorder.endSegment();
		assertThat(this.emitter.documents).isEmpty();

		this.recorder.beginSegment("svc").setTraceState("rojo=00f067aa0ba902b7");
		this.recorder.endSegment();
		assertValidDocument(this.emitter.documents.get(0));
		assertThat(this.emitter.documents.get(0)).doesNotContain("rojo").doesNotContain("00f067aa0ba902b7");
	}

	@Test
	void upstreamNotSampledIsHonouredAndEmitsNothingButPropagates() {
		Segment segment = this.recorder.beginSegment("svc", TraceHeader.parse("Root=" + ROOT + ";Sampled=0"),
				new SamplingRequest(null, null, null, "svc"));
		assertThat(segment.isSampled()).isFalse();
		Subsegment call = this.recorder.beginSubsegment("downstream");
		assertThat(call.traceHeader().sampled()).isEqualTo(SampleDecision.NOT_SAMPLED);
		assertThat(call.traceHeader().rootTraceId()).isEqualTo(ROOT);
		call.end();
		this.recorder.endSegment();
		assertThat(this.emitter.segments).isEmpty();
	}

	@Test
	void untrustedUpstreamDecisionIsIgnored() {
		this.recorder = recorder(SamplingStrategy.never(), false);
		Segment segment = this.recorder.beginSegment("svc", TraceHeader.parse("Root=" + ROOT + ";Sampled=1"),
				new SamplingRequest(null, null, null, "svc"));
		assertThat(segment.isSampled()).isFalse();
		this.recorder.endSegment();
	}

	@Test
	void requestedDecisionUsesTheStrategy() {
		this.recorder = recorder(SamplingStrategy.never(), true);
		Segment segment = this.recorder.beginSegment("svc", TraceHeader.parse("Root=" + ROOT + ";Sampled=?"),
				new SamplingRequest(null, null, null, "svc"));
		assertThat(segment.isSampled()).isFalse();
		this.recorder.endSegment();
	}

	@Test
	void invalidRootStartsANewTrace() {
		Segment segment = this.recorder.beginSegment("svc", TraceHeader.parse("Root=bogus;Parent=53995c3f42cd8ad8"),
				new SamplingRequest(null, null, null, "svc"));
		assertThat(segment.getTraceId()).isNotEqualTo("bogus").matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
		assertThat(segment.getParentId()).isNull();
		this.recorder.endSegment();
	}

	@Test
	void throwingSamplingStrategyDoesNotSampleAndDoesNotThrow() {
		this.recorder = recorder((request) -> {
			throw new IllegalStateException("boom");
		}, true);
		Segment segment = this.recorder.beginSegment("svc");
		assertThat(segment.isSampled()).isFalse();
		this.recorder.endSegment();
	}

	@Test
	void contextMissingLogAndIgnoreReturnDetachedSubsegments() {
		Subsegment detached = this.recorder.beginSubsegment("nothing");
		detached.putAnnotation("a", 1);
		detached.end();
		assertThat(this.recorder.putAnnotation("a", 1)).isFalse();
		this.recorder.endSegment();
		assertThat(this.emitter.segments).isEmpty();
		assertThat(this.recorder.counters().get("context.missing")).isEqualTo(3);
		assertThat(this.recorder.beginSubsegmentIfTraced("instrumented")).isNull();
		assertThat(this.recorder.counters().get("context.missing")).isEqualTo(3);
	}

	@Test
	void contextMissingFailThrows() {
		XRayRecorder strict = XRayRecorder.builder().contextMissing(ContextMissingStrategy.FAIL).build();
		assertThatExceptionOfType(ContextMissingException.class).isThrownBy(() -> strict.beginSubsegment("x"))
			.withMessageContaining("beginSubsegment(x)");
		assertThatExceptionOfType(ContextMissingException.class).isThrownBy(() -> strict.putAnnotation("k", "v"));
	}

	@Test
	void inSubsegmentRecordsAndRethrowsExceptions() {
		Segment segment = this.recorder.beginSegment("svc");
		assertThat(this.recorder.inSubsegment("ok", () -> 42)).isEqualTo(42);
		IllegalStateException failure = new IllegalStateException("bad", new IllegalArgumentException("root cause"));
		try {
			this.recorder.inSubsegment("fails", () -> {
				throw failure;
			});
		}
		catch (IllegalStateException ex) {
			assertThat(ex).isSameAs(failure);
			segment.addException(ex);
		}
		this.recorder.endSegment();
		JsonNode document = assertValidDocument(this.emitter.documents.get(0));
		JsonNode fails = document.path("subsegments").get(1);
		assertThat(fails.path("fault").asBoolean()).isTrue();
		JsonNode exceptions = fails.path("cause").path("exceptions");
		assertThat(exceptions).hasSize(2);
		assertThat(exceptions.get(0).path("type").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(exceptions.get(0).path("message").asString()).isEqualTo("bad");
		assertThat(exceptions.get(0).path("cause").asString()).isEqualTo(exceptions.get(1).path("id").asString());
		assertThat(exceptions.get(1).path("message").asString()).isEqualTo("root cause");
		// the segment refers to the exception recorded on its subsegment by id
		assertThat(document.path("cause").isString()).isTrue();
		assertThat(document.path("cause").asString()).isEqualTo(exceptions.get(0).path("id").asString());
		assertThat(this.recorder.getCurrentEntity()).isNull();
	}

	@Test
	void stackFramesAreLimitedToFiftyWithTruncatedCount() {
		Segment segment = this.recorder.beginSegment("svc");
		RuntimeException deep = deepException(120);
		segment.addException(deep, true);
		this.recorder.endSegment();
		JsonNode exception = assertValidDocument(this.emitter.documents.get(0)).path("cause").path("exceptions").get(0);
		assertThat(exception.path("stack")).hasSize(50);
		assertThat(exception.path("truncated").asInt()).isEqualTo(deep.getStackTrace().length - 50);
		assertThat(exception.path("remote").asBoolean()).isTrue();
		assertThat(exception.path("stack").get(0).path("label").asString()).contains("XRayRecorderTests.deepException");
	}

	@Test
	void messagesCanBeReplacedForTheWholeCauseChainAndTheParentStillRefersToTheRecord() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment query = this.recorder.beginSubsegment("db");
		IllegalStateException failure = new IllegalStateException("Duplicate entry 'alice@example.com'",
				new IllegalArgumentException("value alice@example.com"));
		query.addException(failure, false, (exception) -> (exception == failure) ? "withheld" : null);
		this.recorder.endSubsegment();
		segment.addException(failure);
		this.recorder.endSegment();
		String json = this.emitter.documents.get(0);
		JsonNode document = assertValidDocument(json);
		assertThat(json).doesNotContain("alice");
		JsonNode exceptions = document.path("subsegments").get(0).path("cause").path("exceptions");
		assertThat(exceptions).hasSize(2);
		assertThat(exceptions.get(0).path("type").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(exceptions.get(0).path("message").asString()).isEqualTo("withheld");
		assertThat(exceptions.get(1).path("type").asString()).isEqualTo(IllegalArgumentException.class.getName());
		assertThat(exceptions.get(1).has("message")).isFalse();
		assertThat(document.path("cause").asString()).isEqualTo(exceptions.get(0).path("id").asString());
	}

	@Test
	void messagesWithheldOnceStayWithheldForEveryWrapperRecordedAnywhereInTheTree() throws Exception {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment method = this.recorder.beginSubsegment("method");
		Subsegment query = this.recorder.beginSubsegment("db");
		IllegalArgumentException value = new IllegalArgumentException("value alice@example.com");
		IllegalStateException driver = new IllegalStateException("Duplicate entry 'alice@example.com'", value);
		query.addException(driver, false, (exception) -> (exception == driver) ? "withheld" : null);
		this.recorder.endSubsegment();
		// a framework's wrapper repeats the statement and the driver's message
		RuntimeException wrapper = new RuntimeException("SQL [insert 'alice@example.com']; " + driver.getMessage(),
				driver);
		method.addException(wrapper);
		this.recorder.endSubsegment();
		// wrapped once more and recorded on the segment by another thread
		RuntimeException servlet = new RuntimeException("Request processing failed: " + wrapper, wrapper);
		CompletableFuture.runAsync(() -> segment.addException(servlet)).get();
		// an unrelated exception keeps its message
		Subsegment other = this.recorder.beginSubsegment(segment, "other");
		other.addException(new IllegalStateException("unrelated failure"));
		other.end();
		this.recorder.endSegment();
		String json = this.emitter.documents.get(0);
		JsonNode document = assertValidDocument(json);
		assertThat(json).doesNotContain("alice");
		JsonNode onMethod = document.path("subsegments").get(0).path("cause").path("exceptions");
		assertThat(onMethod).hasSize(3);
		assertThat(onMethod.get(0).path("type").asString()).isEqualTo(RuntimeException.class.getName());
		assertThat(onMethod.get(0).path("message").asString()).isEqualTo(WithheldMessages.WRAPPER_MESSAGE);
		assertThat(onMethod.get(1).path("message").asString()).isEqualTo("withheld");
		JsonNode onSegment = document.path("cause").path("exceptions");
		assertThat(onSegment).hasSize(4);
		assertThat(onSegment.get(0).path("message").asString()).isEqualTo(WithheldMessages.WRAPPER_MESSAGE);
		assertThat(onSegment.get(1).path("message").asString()).isEqualTo(WithheldMessages.WRAPPER_MESSAGE);
		assertThat(onSegment.get(2).path("type").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(onSegment.get(2).path("message").asString()).isEqualTo("withheld");
		assertThat(onSegment.get(3).path("type").asString()).isEqualTo(IllegalArgumentException.class.getName());
		assertThat(onSegment.get(3).has("message")).isFalse();
		for (int i = 0; i < 3; i++) {
			assertThat(onSegment.get(i).path("cause").asString()).isEqualTo(onSegment.get(i + 1).path("id").asString());
			assertThat(onSegment.get(i).path("stack")).isNotEmpty();
		}
		assertThat(
				document.path("subsegments").get(1).path("cause").path("exceptions").get(0).path("message").asString())
			.isEqualTo("unrelated failure");
	}

	@Test
	void onceMoreExceptionsWereWithheldThanRememberedEveryLaterMessageIsWithheld() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment query = this.recorder.beginSubsegment("db");
		for (int i = 0; i <= WithheldMessages.MAX_REMEMBERED; i++) {
			query.addException(new IllegalStateException("secret " + i), false, (exception) -> "withheld");
		}
		this.recorder.endSubsegment();
		segment.addException(new RuntimeException("could wrap a forgotten one: secret"));
		this.recorder.endSegment();
		String json = this.emitter.documents.get(0);
		JsonNode document = assertValidDocument(json);
		assertThat(json).doesNotContain("secret");
		assertThat(document.path("cause").path("exceptions").get(0).path("message").asString())
			.isEqualTo(WithheldMessages.OVERFLOW_MESSAGE);
	}

	@Test
	void subsegmentBegunWithAReservedIdMatchesTheHeaderSentBeforeAndNothingWaitsForAnIdNeverBegun() {
		Segment segment = this.recorder.beginSegment("svc");
		String reserved = Ids.newEntityId();
		TraceHeader header = segment.traceHeaderForChild(reserved);
		assertThat(header.rootTraceId()).isEqualTo(segment.getTraceId());
		assertThat(header.parentId()).isEqualTo(reserved);
		// reserved and never begun: the segment does not wait for it
		segment.traceHeaderForChild(Ids.newEntityId());
		Subsegment call = this.recorder.beginSubsegment(segment, "S3", reserved);
		assertThat(call.getId()).isEqualTo(reserved);
		assertThat(call.traceHeader().parentId()).isEqualTo(reserved);
		assertThat(this.recorder.getCurrentEntity()).isSameAs(call);
		assertThatIllegalArgumentException().isThrownBy(() -> this.recorder.beginSubsegment(segment, "x", "nothex"));
		call.end();
		this.recorder.endSegment();
		JsonNode document = assertValidDocument(this.emitter.documents.get(0));
		assertThat(document.path("subsegments")).hasSize(1);
		assertThat(document.path("subsegments").get(0).path("id").asString()).isEqualTo(reserved);
	}

	static RuntimeException deepException(int depth) {
		if (depth == 0) {
			return new RuntimeException("deep");
		}
		return deepException(depth - 1);
	}

	@Test
	void moreThanOneHundredCompletedSubsegmentsAreStreamedEarly() {
		Segment segment = this.recorder.beginSegment("long");
		for (int i = 0; i < 250; i++) {
			this.recorder.beginSubsegment("step-" + i).end();
		}
		assertThat(this.emitter.subsegments).hasSizeGreaterThanOrEqualTo(200);
		assertThat(segment.getSubsegments()).hasSizeLessThanOrEqualTo(100);
		this.recorder.endSegment();
		int total = this.emitter.subsegments.size() + segment.getSubsegments().size();
		assertThat(total).isEqualTo(250);
		for (String document : this.emitter.documents) {
			JsonNode node = assertValidDocument(document);
			if (node.has("type")) {
				assertThat(node.path("parent_id").asString()).isEqualTo(segment.getId());
				assertThat(node.path("trace_id").asString()).isEqualTo(segment.getTraceId());
			}
		}
	}

	@Test
	void openSubtreesAreNotStreamed() {
		Segment segment = this.recorder.beginSegment("long");
		Subsegment open = this.recorder.beginSubsegment("open");
		for (int i = 0; i < 150; i++) {
			this.recorder.beginSubsegment("child-" + i).end();
		}
		// children of the open subsegment were streamed; the open one itself was not
		assertThat(this.emitter.subsegments).extracting(Subsegment::getParent).containsOnly(open);
		open.end();
		this.recorder.endSegment();
		assertThat(this.emitter.segments).containsExactly(segment);
	}

	@Test
	void annotationsAreValidated() {
		Segment segment = this.recorder.beginSegment("svc");
		assertThat(segment.putAnnotation("valid_Key1", "x".repeat(1200))).isTrue();
		assertThat(segment.putAnnotation("number", 3.5)).isTrue();
		assertThat(segment.putAnnotation("flag", true)).isTrue();
		assertThat(segment.putAnnotation("bad key", "v")).isFalse();
		assertThat(segment.putAnnotation("dotted.key", "v")).isFalse();
		assertThat(segment.putAnnotation("k".repeat(501), "v")).isFalse();
		assertThat(segment.putAnnotation("", "v")).isFalse();
		assertThat(segment.putAnnotation("nan", Double.NaN)).isFalse();
		assertThat(segment.putAnnotation("object", List.of(1))).isFalse();
		assertThat(segment.putAnnotation("number", 4)).isTrue();
		this.recorder.endSegment();
		JsonNode annotations = assertValidDocument(this.emitter.documents.get(0)).path("annotations");
		assertThat(annotations.path("valid_Key1").asString()).hasSize(1000);
		assertThat(annotations.path("number").asInt()).isEqualTo(4);
		assertThat(annotations.path("flag").asBoolean()).isTrue();
		assertThat(annotations.size()).isEqualTo(3);
		assertThat(this.recorder.counters().get("values.rejected")).isEqualTo(6);
	}

	@Test
	void rejectedAnnotationValueIsNeverAskedForItsToString() {
		HostileValue hostile = new HostileValue();
		Segment segment = this.recorder.beginSegment("svc");
		assertThat(this.recorder.putAnnotation("hostile", hostile)).isFalse();
		assertThat(segment.putAnnotation("hostile", hostile)).isFalse();
		assertThat(segment.putAnnotation("other", hostile)).isFalse();
		assertThat(segment.putAnnotation("bad key", hostile)).isFalse();
		assertThat(segment.putAnnotation("text", new HostileText())).isFalse();
		assertThat(segment.putMetadata("AWS.reserved", "k", hostile)).isFalse();
		this.recorder.endSegment();
		assertThat(hostile.toStringCalls).hasValue(0);
		assertThat(this.recorder.counters().get("values.rejected")).isEqualTo(6);
		assertThat(assertValidDocument(this.emitter.documents.get(0)).has("annotations")).isFalse();
	}

	/**
	 * A value whose {@code toString()} throws, as a broken or hostile user type might.
	 */
	private static final class HostileValue {

		final AtomicLong toStringCalls = new AtomicLong();

		@Override
		public String toString() {
			this.toStringCalls.incrementAndGet();
			throw new IllegalStateException("toString() must not be called");
		}

	}

	/** A string-like annotation value that cannot be turned into a string. */
	private static final class HostileText implements CharSequence {

		@Override
		public int length() {
			return 1;
		}

		@Override
		public char charAt(int index) {
			return 'x';
		}

		@Override
		public CharSequence subSequence(int start, int end) {
			return this;
		}

		@Override
		public String toString() {
			throw new IllegalStateException("broken");
		}

	}

	@Test
	void metadataNamespaces() {
		Segment segment = this.recorder.beginSegment("svc");
		segment.putMetadata("plain", "value");
		segment.putMetadata("app", "nested", java.util.Map.of("list", List.of(1, "two", false)));
		assertThat(segment.putMetadata("AWS.reserved", "k", "v")).isFalse();
		this.recorder.endSegment();
		JsonNode metadata = assertValidDocument(this.emitter.documents.get(0)).path("metadata");
		assertThat(metadata.path("default").path("plain").asString()).isEqualTo("value");
		assertThat(metadata.path("app").path("nested").path("list").get(1).asString()).isEqualTo("two");
		assertThat(metadata.has("AWS.reserved")).isFalse();
	}

	@Test
	void namesAreSanitizedAndLimited() {
		Segment segment = this.recorder.beginSegment("my service <v2>!\t" + "n".repeat(300));
		assertThat(segment.getName()).startsWith("my service _v2__").hasSize(200);
		this.recorder.endSegment();
		assertValidDocument(this.emitter.documents.get(0));
		assertThat(Entity.sanitizeName("caf\u00e9 \u65e5\u672c @host:80/path#x=1&y+z%"))
			.isEqualTo("caf\u00e9 \u65e5\u672c @host:80/path#x=1&y+z%");
		assertThat(Entity.sanitizeName(null)).isEqualTo("unknown");
	}

	@Test
	void statusFlags() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment notFound = this.recorder.beginSubsegment("a");
		notFound.applyStatus(404);
		notFound.end();
		Subsegment throttled = this.recorder.beginSubsegment("b");
		throttled.applyStatus(429);
		throttled.end();
		Subsegment failed = this.recorder.beginSubsegment("c");
		failed.applyStatus(503);
		failed.end();
		Subsegment ok = this.recorder.beginSubsegment("d");
		ok.applyStatus(200);
		ok.end();
		this.recorder.endSegment();
		JsonNode subsegments = assertValidDocument(this.emitter.documents.get(0)).path("subsegments");
		assertThat(flags(subsegments.get(0))).isEqualTo("E");
		assertThat(flags(subsegments.get(1))).isEqualTo("ET");
		assertThat(flags(subsegments.get(2))).isEqualTo("F");
		assertThat(flags(subsegments.get(3))).isEmpty();
	}

	private static String flags(JsonNode node) {
		return (node.path("error").asBoolean(false) ? "E" : "") + (node.path("throttle").asBoolean(false) ? "T" : "")
				+ (node.path("fault").asBoolean(false) ? "F" : "");
	}

	@Test
	void scopeRestoresThePreviousEntity() {
		Segment first = this.recorder.beginSegment("first");
		this.recorder.clearContext();
		Segment second = this.recorder.beginSegment("second");
		try (Scope scope = this.recorder.setCurrentEntity(first)) {
			assertThat(this.recorder.getCurrentEntity()).isSameAs(first);
			try (Scope inner = this.recorder.setCurrentEntity(null)) {
				assertThat(this.recorder.getCurrentEntity()).isNull();
			}
			assertThat(this.recorder.getCurrentEntity()).isSameAs(first);
		}
		assertThat(this.recorder.getCurrentEntity()).isSameAs(second);
		assertThat(this.recorder.getCurrentTraceId()).isEqualTo(second.getTraceId());
		this.recorder.endSegment();
		first.end();
		assertThat(this.emitter.segments).containsExactly(second, first);
	}

	@Test
	void endingTwiceEmitsOnce() {
		Segment segment = this.recorder.beginSegment("svc");
		segment.end();
		segment.end();
		this.recorder.clearContext();
		assertThat(this.emitter.segments).hasSize(1);
	}

	@Test
	void throwingEmitterIsCountedNotThrown() {
		this.recorder = XRayRecorder.builder().emitter(new Emitter() {
			@Override
			public void sendSegment(Segment segment) {
				throw new IllegalStateException("emitter down");
			}

			@Override
			public void sendSubsegment(Subsegment subsegment) {
			}
		}).samplingStrategy(SamplingStrategy.always()).build();
		this.recorder.beginSegment("svc");
		this.recorder.endSegment();
		assertThat(this.recorder.counters().get("emitter.failures")).isEqualTo(1);
	}

	@Test
	void everyEntityShapeIsSchemaValid() {
		Segment segment = this.recorder.beginSegment("api.example.com");
		segment.setOrigin("AWS::EC2::Instance");
		segment.setUser("alice");
		segment.setServiceVersion("1.2.3");
		segment.putHttpRequest("method", "GET");
		segment.putHttpRequest("url", "https://api.example.com/orders/" + "x".repeat(400));
		segment.putHttpRequest("user_agent", "curl/8");
		segment.putHttpRequest("client_ip", "10.0.0.1");
		segment.putHttpRequest("x_forwarded_for", true);
		segment.putHttpResponse("status", 500);
		segment.putHttpResponse("content_length", 1234);
		segment.applyStatus(500);
		segment.putAnnotation("order_id", "o-1");
		segment.putMetadata("debug", "tags", new String[] { "a", "b" });
		Subsegment aws = this.recorder.beginSubsegment("DynamoDB");
		aws.setNamespace(Subsegment.NAMESPACE_AWS);
		aws.putAws("operation", "GetItem");
		aws.putAws("region", "us-east-1");
		aws.putAws("request_id", "ABC");
		aws.putAws("table_name", "orders");
		aws.putAws("retries", 0);
		aws.putHttpResponse("status", 200);
		aws.end();
		Subsegment sql = this.recorder.beginSubsegment("test@localhost");
		sql.setNamespace(Subsegment.NAMESPACE_REMOTE);
		sql.putSql("url", "jdbc:postgresql://localhost:5432/test");
		sql.putSql("sanitized_query", "select * from t where id = ?");
		sql.putSql("database_type", "PostgreSQL");
		sql.putSql("database_version", "15.19");
		sql.putSql("driver_version", "42.7");
		sql.putSql("user", "postgres");
		sql.putSql("preparation", "statement");
		sql.end();
		Subsegment remote = this.recorder.beginSubsegment("images.example.com");
		remote.setNamespace(Subsegment.NAMESPACE_REMOTE);
		remote.putHttpRequest("method", "GET");
		remote.putHttpRequest("url", "http://images.example.com/random");
		remote.putHttpRequest("traced", true);
		remote.putHttpResponse("status", 429);
		remote.applyStatus(429);
		remote.addException(new java.io.IOException("connection reset"), true);
		remote.end();
		this.recorder.endSegment();
		String json = this.emitter.documents.get(0);
		JsonNode document = assertValidDocument(json);
		assertThat(document.path("http").path("request").path("url").asString()).hasSize(250);
		assertThat(document.path("service").path("version").asString()).isEqualTo("1.2.3");
		assertThat(document.path("origin").asString()).isEqualTo("AWS::EC2::Instance");
		assertThat(document.path("subsegments")).hasSize(3);
		assertThat(document.path("subsegments").get(2).path("throttle").asBoolean()).isTrue();
		assertThat(document.path("subsegments").get(2).path("fault").asBoolean(false)).isFalse();
	}

	@Test
	void contextListenerSeesEveryChange() {
		List<String> changes = new java.util.ArrayList<>();
		XRayRecorder listening = XRayRecorder.builder()
			.samplingStrategy(SamplingStrategy.always())
			.contextListener((entity) -> changes.add((entity != null) ? entity.getName() : "-"))
			.build();
		Segment segment = listening.beginSegment("svc");
		listening.beginSubsegment("child").end();
		try (Scope scope = listening.setCurrentEntity(null)) {
			changes.add("in scope");
		}
		listening.endSegment();
		assertThat(changes).containsExactly("svc", "child", "svc", "-", "in scope", "svc", "-");
		assertThat(segment.isEnded()).isTrue();
	}

	@Test
	void startedSubsegmentNestsUnderItsParentAndNeverChangesAThreadsContext() throws Exception {
		List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
		XRayRecorder listening = XRayRecorder.builder()
			.emitter(this.emitter)
			.samplingStrategy(SamplingStrategy.always())
			.contextListener((entity) -> changes.add((entity != null) ? entity.getName() : "-"))
			.build();
		Segment segment = listening.beginSegment("svc");
		Subsegment outer = listening.beginSubsegment("outer");
		changes.clear();
		Subsegment call = listening.startSubsegment(segment, "call");
		Subsegment reserved = listening.startSubsegment(call, "retry", Ids.newEntityId());
		assertThat(listening.getCurrentEntity()).isSameAs(outer);
		assertThat(call.getParent()).isSameAs(segment);
		assertThat(reserved.getParent()).isSameAs(call);
		// made current by a scope and ended inside it: the scope, not the subsegment,
		// owns this thread's context
		try (Scope scope = listening.setCurrentEntity(call)) {
			reserved.end();
			call.end();
			assertThat(listening.getCurrentEntity()).isSameAs(call);
		}
		assertThat(listening.getCurrentEntity()).isSameAs(outer);
		Subsegment other = listening.startSubsegment(outer, "elsewhere");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			executor.submit(other::end).get();
		}
		finally {
			executor.shutdown();
		}
		assertThat(changes).containsExactly("call", "outer");
		assertThatIllegalArgumentException().isThrownBy(() -> listening.startSubsegment(segment, "x", "nothex"));
		outer.end();
		listening.endSegment();
		JsonNode document = assertValidDocument(this.emitter.documents.get(0));
		assertThat(document.path("subsegments")).hasSize(2);
		JsonNode started = document.path("subsegments").get(1);
		assertThat(started.path("name").asString()).isEqualTo("call");
		assertThat(started.path("subsegments").get(0).path("id").asString()).isEqualTo(reserved.getId());
		assertThat(document.path("subsegments").get(0).path("subsegments").get(0).path("name").asString())
			.isEqualTo("elsewhere");
	}

}
