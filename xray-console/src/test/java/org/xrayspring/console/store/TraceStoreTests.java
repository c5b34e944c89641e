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
import org.xrayspring.console.document.SegmentDocument;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceStore}.
 *
 * @author xray-spring-boot
 */
class TraceStoreTests {

	private final TraceStore store = new TraceStore(3, 5, Clock.systemUTC());

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
		List<String> documents = new ArrayList<>(List.of(
				TestDocuments.segment(traceId, root, "front", 10, 20, ""),
				TestDocuments.subsegment(traceId, root, child, "call", 11, 19, "\"namespace\":\"remote\""),
				TestDocuments.segment(traceId, TestDocuments.id(), "back", 12, 18, "\"parent_id\":\"" + child + "\""),
				TestDocuments.subsegment(traceId, child, TestDocuments.id(), "inner", 11.5, 11.7, "")));
		Collections.shuffle(documents, new Random(seed));
		documents.forEach(this::add);
		StoredTrace trace = this.store.get(traceId);
		assertThat(trace.getDocuments()).extracting(SegmentDocument::getName)
			.containsExactly("front", "call", "inner", "back");
		assertThat(this.store.getStats().documents()).isEqualTo(4);
	}

	@Test
	void replacesInProgressDocumentByCompleteOne() {
		String traceId = TestDocuments.traceId();
		String id = TestDocuments.id();
		assertThat(add(TestDocuments.inProgressSegment(traceId, id, "svc", 10))).isEqualTo(TraceStore.AddResult.ADDED);
		assertThat(this.store.get(traceId).getDocuments().get(0).isInProgress()).isTrue();
		assertThat(add(TestDocuments.segment(traceId, id, "svc", 10, 11, "")))
			.isEqualTo(TraceStore.AddResult.REPLACED);
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
			// Later traces start earlier, so eviction by arrival differs from eviction by start time.
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

	private TraceStore.AddResult add(String text) {
		try {
			TraceStore.AddResult result = null;
			for (SegmentDocument document : SegmentDocument.parse(text)) {
				result = this.store.add(document);
			}
			return result;
		}
		catch (InvalidDocumentException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
