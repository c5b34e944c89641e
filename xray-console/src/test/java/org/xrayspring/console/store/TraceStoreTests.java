package org.xrayspring.console.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xrayspring.console.TestDocuments;
import org.xrayspring.console.document.InvalidDocumentException;
import org.xrayspring.console.document.ReceivedSegmentDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link TraceStore}.
 *
 * @author xray-spring-boot
 */
class TraceStoreTests {

	private final TraceStore store = new TraceStore(3, 5, 64L << 20, Clock.systemUTC());

	@Test
	void listsTracesNewestFirstWhateverTheArrivalOrder() {
		String early = TestDocuments.traceId();
		String middle = TestDocuments.traceId();
		String late = TestDocuments.traceId();
		add(TestDocuments.segment(middle, TestDocuments.id(), "b", 1000.5, 1001, ""));
		add(TestDocuments.segment(late, TestDocuments.id(), "c", 1002, 1003, ""));
		add(TestDocuments.segment(early, TestDocuments.id(), "a", 1000, 1001, ""));
		assertThat(this.store.getTraces()).extracting(StoredTrace::getTraceId).containsExactly(late, middle, early);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3, 4, 5 })
	void assemblesDocumentsArrivingInAnyOrder(long seed) {
		String traceId = TestDocuments.traceId();
		String root = TestDocuments.id();
		String child = TestDocuments.id();
		List<String> documents = new ArrayList<>(List.of(TestDocuments.segment(traceId, root, "front", 10, 20, ""),
				TestDocuments.subsegment(traceId, root, child, "call", 11, 19, "\"namespace\":\"remote\""),
				TestDocuments.segment(traceId, TestDocuments.id(), "back", 12, 18, "\"parent_id\":\"" + child + "\""),
				TestDocuments.subsegment(traceId, child, TestDocuments.id(), "inner", 11.5, 11.7, "")));
		Collections.shuffle(documents, new Random(seed));
		documents.forEach(this::add);
		StoredTrace trace = this.store.get(traceId);
		assertThat(trace.getDocuments()).extracting(ReceivedSegmentDocument::getName)
			.containsExactly("front", "call", "inner", "back");
		assertThat(this.store.getStats().documents()).isEqualTo(4);
	}

	@Test
	void replacesInProgressDocumentByCompleteOne() {
		String traceId = TestDocuments.traceId();
		String id = TestDocuments.id();
		assertThat(add(TestDocuments.inProgressSegment(traceId, id, "svc", 10))).isEqualTo(TraceStore.AddResult.ADDED);
		assertThat(this.store.get(traceId).getDocuments().get(0).isInProgress()).isTrue();
		assertThat(add(TestDocuments.segment(traceId, id, "svc", 10, 11, ""))).isEqualTo(TraceStore.AddResult.REPLACED);
		assertThat(this.store.get(traceId).getDocuments()).singleElement()
			.satisfies((document) -> assertThat(document.isInProgress()).isFalse());
		assertThat(this.store.getStats().documents()).isEqualTo(1);
	}

	@Test
	void keepsCompleteDocumentWhenInProgressVersionArrivesLate() {
		String traceId = TestDocuments.traceId();
		String id = TestDocuments.id();
		add(TestDocuments.segment(traceId, id, "svc", 10, 11, ""));
		assertThat(add(TestDocuments.inProgressSegment(traceId, id, "svc", 10)))
			.isEqualTo(TraceStore.AddResult.IGNORED_STALE);
		assertThat(this.store.get(traceId).getDocuments()).singleElement()
			.satisfies((document) -> assertThat(document.getEndTime()).isEqualTo(11));
		assertThat(this.store.getStats().staleDocuments()).isEqualTo(1);
	}

	@Test
	void evictsFirstSeenTraceAndCountsIt() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String traceId = TestDocuments.traceId();
			ids.add(traceId);
			// Later traces start earlier, so eviction by arrival differs from eviction by
			// start time.
			add(TestDocuments.segment(traceId, TestDocuments.id(), "svc" + i, 100 - i, 101 - i, ""));
		}
		assertThat(this.store.getStats().traces()).isEqualTo(3);
		assertThat(this.store.getStats().evictedTraces()).isEqualTo(2);
		assertThat(this.store.get(ids.get(0))).isNull();
		assertThat(this.store.get(ids.get(1))).isNull();
		assertThat(this.store.getTraces()).extracting(StoredTrace::getTraceId)
			.containsExactly(ids.get(2), ids.get(3), ids.get(4));
		assertThat(this.store.getStats().documents()).isEqualTo(3);
	}

	@Test
	void dropsDocumentsBeyondPerTraceLimitAndMarksTrace() {
		String traceId = TestDocuments.traceId();
		String root = TestDocuments.id();
		add(TestDocuments.segment(traceId, root, "svc", 10, 20, ""));
		for (int i = 0; i < 6; i++) {
			add(TestDocuments.subsegment(traceId, root, TestDocuments.id(), "s" + i, 11, 12, ""));
		}
		StoredTrace trace = this.store.get(traceId);
		assertThat(trace.getDocuments()).hasSize(5);
		assertThat(trace.isLimitExceeded()).isTrue();
		assertThat(this.store.getStats().droppedDocuments()).isEqualTo(2);
	}

	@Test
	void findsTraceIgnoringCase() {
		String traceId = TestDocuments.traceId();
		add(TestDocuments.segment(traceId, TestDocuments.id(), "svc", 10, 20, ""));
		assertThat(this.store.get(traceId.toUpperCase(java.util.Locale.ROOT))).isNotNull();
	}

	@Test
	void clearRemovesTraces() {
		add(TestDocuments.segment(TestDocuments.traceId(), TestDocuments.id(), "svc", 10, 20, ""));
		this.store.clear();
		assertThat(this.store.getTraces()).isEmpty();
		assertThat(this.store.getStats().documents()).isZero();
	}

	@Test
	void accountsRetainedSizeOfEveryDocumentHeld() {
		String traceId = TestDocuments.traceId();
		String root = TestDocuments.id();
		ReceivedSegmentDocument inProgress = parse(TestDocuments.inProgressSegment(traceId, root, "svc", 10));
		ReceivedSegmentDocument child = parse(TestDocuments.subsegment(traceId, root, TestDocuments.id(), "child", 11,
				12, "\"metadata\":{\"default\":{\"v\":\"" + "x".repeat(5000) + "\"}}"));
		ReceivedSegmentDocument complete = parse(TestDocuments.segment(traceId, root, "svc", 10, 20,
				"\"annotations\":{\"k\":\"" + "y".repeat(2000) + "\"}"));
		this.store.add(inProgress);
		this.store.add(child);
		assertThat(this.store.getStats().bytes())
			.isEqualTo(StoredTrace.OVERHEAD + inProgress.getRetainedSize() + child.getRetainedSize());
		this.store.add(complete);
		assertThat(this.store.getStats().bytes())
			.isEqualTo(StoredTrace.OVERHEAD + complete.getRetainedSize() + child.getRetainedSize())
			.isEqualTo(this.store.get(traceId).getRetainedSize());
		this.store.clear();
		assertThat(this.store.getStats().bytes()).isZero();
	}

	@Test
	void retainedSizeCoversTextAndParsedForm() {
		String traceId = TestDocuments.traceId();
		// Same text length, very different parsed forms: one string versus thousands of
		// empty objects.
		ReceivedSegmentDocument flat = parse(TestDocuments.segment(traceId, TestDocuments.id(), "svc", 10, 20,
				"\"metadata\":{\"d\":{\"v\":\"" + "x".repeat(30_000) + "\"}}"));
		ReceivedSegmentDocument objects = parse(TestDocuments.segment(traceId, TestDocuments.id(), "svc", 10, 20,
				"\"metadata\":{\"d\":{\"v\":[" + "{},".repeat(10_000) + "{}]}}"));
		assertThat(flat.getText().length()).isCloseTo(objects.getText().length(), within(50));
		// The text and the tree's copy of the string.
		assertThat(flat.getRetainedSize()).isBetween(2L * 30_000, 3L * 30_000);
		// An empty ObjectNode with its map takes about 84 bytes on the heap (measured):
		// 28 times its text.
		assertThat(objects.getRetainedSize()).isGreaterThan(10_000L * 84);
	}

	@Test
	void evictsFirstSeenTracesBeyondByteBudgetAndCountsThem() {
		ReceivedSegmentDocument sample = parse(largeSegment(TestDocuments.traceId()));
		long budget = 10 * (sample.getRetainedSize() + StoredTrace.OVERHEAD);
		TraceStore bounded = new TraceStore(1000, 1000, budget, Clock.systemUTC());
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			String traceId = TestDocuments.traceId();
			ids.add(traceId);
			assertThat(bounded.add(parse(largeSegment(traceId)))).isEqualTo(TraceStore.AddResult.ADDED);
			assertThat(bounded.getStats().bytes()).isLessThanOrEqualTo(budget);
		}
		TraceStore.Stats stats = bounded.getStats();
		assertThat(stats.traces()).isEqualTo(10);
		assertThat(stats.evictedForBytes()).isEqualTo(15);
		assertThat(stats.evictedForTraces()).isZero();
		assertThat(stats.evictedTraces()).isEqualTo(15);
		assertThat(stats.documents()).isEqualTo(10);
		assertThat(bounded.getTraces()).extracting(StoredTrace::getTraceId)
			.containsExactlyInAnyOrderElementsOf(ids.subList(15, 25));
	}

	@Test
	void keepsTheTraceBeingWrittenWhenOlderTracesMustGo() {
		ReceivedSegmentDocument sample = parse(largeSegment(TestDocuments.traceId()));
		String first = TestDocuments.traceId();
		String root = TestDocuments.id();
		ReceivedSegmentDocument small = parse(TestDocuments.segment(first, root, "svc", 10, 20, ""));
		// Room for the small trace, seven large ones and a little more.
		long budget = 7 * (sample.getRetainedSize() + StoredTrace.OVERHEAD) + small.getRetainedSize()
				+ StoredTrace.OVERHEAD + 1000;
		TraceStore bounded = new TraceStore(1000, 1000, budget, Clock.systemUTC());
		bounded.add(small);
		for (int i = 0; i < 7; i++) {
			bounded.add(parse(largeSegment(TestDocuments.traceId())));
		}
		// The first-seen trace grows: the others are evicted, not the one being written.
		bounded.add(parse(TestDocuments.subsegment(first, root, TestDocuments.id(), "child", 11, 12,
				"\"metadata\":{\"d\":{\"v\":\"" + "x".repeat(20_000) + "\"}}")));
		assertThat(bounded.get(first)).isNotNull();
		assertThat(bounded.get(first).getDocuments()).hasSize(2);
		assertThat(bounded.getStats().bytes()).isLessThanOrEqualTo(budget);
		assertThat(bounded.getStats().evictedForBytes()).isPositive();
	}

	@Test
	void limitsOneTraceToAQuarterOfTheBudget() {
		ReceivedSegmentDocument sample = parse(largeSegment(TestDocuments.traceId()));
		long budget = 20 * sample.getRetainedSize();
		TraceStore bounded = new TraceStore(1000, 1000, budget, Clock.systemUTC());
		String traceId = TestDocuments.traceId();
		String root = TestDocuments.id();
		bounded.add(parse(TestDocuments.segment(traceId, root, "svc", 10, 20, "")));
		int dropped = 0;
		for (int i = 0; i < 20; i++) {
			String child = TestDocuments.subsegment(traceId, root, TestDocuments.id(), "s" + i, 11, 12,
					"\"metadata\":{\"d\":{\"v\":\"" + "x".repeat(30_000) + "\"}}");
			if (bounded.add(parse(child)) == TraceStore.AddResult.DROPPED_TRACE_FULL) {
				dropped++;
			}
		}
		StoredTrace trace = bounded.get(traceId);
		assertThat(trace.getRetainedSize()).isLessThanOrEqualTo(budget / 4);
		assertThat(trace.isLimitExceeded()).isTrue();
		assertThat(dropped).isPositive();
		assertThat(bounded.getStats().droppedForBytes()).isEqualTo(dropped);
		assertThat(bounded.getStats().droppedForDocuments()).isZero();
		assertThat(bounded.getStats().maxTraceBytes()).isEqualTo(budget / 4);
		// A document too large for any trace does not start one.
		TraceStore tiny = new TraceStore(1000, 1000, 4 * sample.getRetainedSize() - 1, Clock.systemUTC());
		assertThat(tiny.add(sample)).isEqualTo(TraceStore.AddResult.DROPPED_TRACE_FULL);
		assertThat(tiny.getTraces()).isEmpty();
		assertThat(tiny.getStats().droppedForBytes()).isEqualTo(1);
	}

	private static String largeSegment(String traceId) {
		return TestDocuments.segment(traceId, TestDocuments.id(), "svc", 10, 20,
				"\"metadata\":{\"d\":{\"v\":\"" + "x".repeat(60_000) + "\"}}");
	}

	private static ReceivedSegmentDocument parse(String text) {
		try {
			return ReceivedSegmentDocument.parse(text).get(0);
		}
		catch (InvalidDocumentException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TraceStore.AddResult add(String text) {
		try {
			TraceStore.AddResult result = null;
			for (ReceivedSegmentDocument document : ReceivedSegmentDocument.parse(text)) {
				result = this.store.add(document);
			}
			return result;
		}
		catch (InvalidDocumentException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
