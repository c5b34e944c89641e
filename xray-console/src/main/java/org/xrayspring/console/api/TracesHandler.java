package org.xrayspring.console.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.xrayspring.console.api.TraceResponses.BatchGetTracesResponse;
import org.xrayspring.console.api.TraceResponses.PutTraceSegmentsResponse;
import org.xrayspring.console.api.TraceResponses.Segment;
import org.xrayspring.console.api.TraceResponses.Trace;
import org.xrayspring.console.api.TraceResponses.TraceSummariesResponse;
import org.xrayspring.console.api.TraceResponses.TraceSummary;
import org.xrayspring.console.api.TraceResponses.UnprocessedTraceSegment;
import org.xrayspring.console.document.DocumentError;
import org.xrayspring.console.document.InvalidDocumentException;
import org.xrayspring.console.document.ReceivedSegmentDocument;
import org.xrayspring.console.assembly.FilterExpression;
import org.xrayspring.console.assembly.TraceAnalysis;
import org.xrayspring.console.store.StoredTrace;
import org.xrayspring.console.store.TraceStore;
import tools.jackson.databind.JsonNode;

/**
 * The trace operations: PutTraceSegments, GetTraceSummaries and BatchGetTraces.
 *
 * @author xray-spring-boot
 */
final class TracesHandler {

	private static final int MAX_TRACE_ID_LENGTH = 64;

	private static final int MAX_DOCUMENT_BYTES = 64 * 1024;

	private static final int PAGE_SIZE = 1000;

	private static final int MAX_TRACE_IDS = 100;

	private final TraceStore store;

	private final ApiCounters counters;

	private final Clock clock;

	TracesHandler(TraceStore store, ApiCounters counters, Clock clock) {
		this.store = store;
		this.counters = counters;
		this.clock = clock;
	}

	PutTraceSegmentsResponse putTraceSegments(JsonNode body) {
		List<UnprocessedTraceSegment> unprocessed = new ArrayList<>();
		for (JsonNode document : JsonRequests.array(body, "TraceSegmentDocuments")) {
			if (!document.isString()) {
				throw ApiException.invalidRequest("'TraceSegmentDocuments' must be a list of strings");
			}
			String text = document.stringValue();
			if (text.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
				this.counters.documentRejected();
				unprocessed.add(new UnprocessedTraceSegment(null, DocumentError.DOCUMENT_TOO_LARGE.code(),
						"Invalid segment. Documents are limited to " + MAX_DOCUMENT_BYTES + " bytes"));
				continue;
			}
			try {
				for (ReceivedSegmentDocument segment : ReceivedSegmentDocument.parse(text)) {
					this.store.add(segment);
				}
				this.counters.documentAccepted();
			}
			catch (InvalidDocumentException ex) {
				this.counters.documentRejected();
				unprocessed.add(new UnprocessedTraceSegment(ex.getDocumentId(), ex.getError().code(), ex.getMessage()));
			}
		}
		return new PutTraceSegmentsResponse(unprocessed);
	}

	TraceSummariesResponse getTraceSummaries(JsonNode body) {
		TimeWindow window = TimeWindow.of(body);
		String rangeType = JsonRequests.string(body, "TimeRangeType", false);
		boolean byTraceId = rangeType == null || "TraceId".equals(rangeType);
		if (!byTraceId && !"Event".equals(rangeType) && !"Service".equals(rangeType)) {
			throw ApiException.invalidRequest("TimeRangeType must be TraceId, Event or Service");
		}
		FilterExpression filter;
		try {
			filter = FilterExpression
				.parse(JsonRequests.string(body, "FilterExpression", false, FilterExpression.MAX_LENGTH));
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalidRequest("Invalid filter expression: " + ex.getMessage());
		}
		int offset = JsonRequests.nextToken(body);
		// Only the traces are kept, not their analyses: a full store analysed at once
		// would take a multiple of it.
		List<StoredTrace> matches = new ArrayList<>();
		int processed = 0;
		for (StoredTrace trace : this.store.getTraces()) {
			if (!window.contains(byTraceId ? traceIdTime(trace) : trace.getStartTime())) {
				continue;
			}
			processed++;
			if (filter.matches(TraceAnalysis.of(trace))) {
				matches.add(trace);
			}
		}
		List<TraceSummary> summaries = new ArrayList<>();
		for (int i = offset; i < Math.min(matches.size(), offset + PAGE_SIZE); i++) {
			summaries.add(TraceSummary.of(TraceAnalysis.of(matches.get(i))));
		}
		String nextToken = (offset + PAGE_SIZE < matches.size()) ? String.valueOf(offset + PAGE_SIZE) : null;
		return new TraceSummariesResponse(summaries, Seconds.of(this.clock.instant()), processed, nextToken);
	}

	private static double traceIdTime(StoredTrace trace) {
		return trace.getDocuments().isEmpty() ? 0 : trace.getDocuments().get(0).getTraceIdEpochSecond();
	}

	BatchGetTracesResponse batchGetTraces(JsonNode body) {
		JsonNode ids = JsonRequests.array(body, "TraceIds");
		if (ids.size() > MAX_TRACE_IDS) {
			throw ApiException.invalidRequest("At most " + MAX_TRACE_IDS + " TraceIds per request");
		}
		for (JsonNode id : ids) {
			if (!id.isString()) {
				throw ApiException.invalidRequest("'TraceIds' must be a list of strings");
			}
			if (id.stringValue().length() > MAX_TRACE_ID_LENGTH) {
				throw JsonRequests.tooLong("TraceIds", MAX_TRACE_ID_LENGTH);
			}
		}
		int offset = JsonRequests.nextToken(body);
		// One page holds about one trace's worth of the store (more only for a single
		// trace): the documents
		// are copied and written out, so 100 ids of large traces would otherwise take
		// many times the store.
		long pageBudget = this.store.getStats().maxTraceBytes();
		long pageBytes = 0;
		Set<String> seen = new HashSet<>();
		List<Trace> traces = new ArrayList<>();
		List<String> unprocessed = new ArrayList<>();
		String nextToken = null;
		for (int i = offset; i < ids.size(); i++) {
			String id = ids.get(i).stringValue();
			if (!seen.add(id.toLowerCase(Locale.ROOT))) {
				continue;
			}
			StoredTrace trace = this.store.get(id);
			if (trace == null) {
				unprocessed.add(id);
				continue;
			}
			if (pageBytes > 0 && pageBytes + trace.getRetainedSize() > pageBudget) {
				nextToken = String.valueOf(i);
				break;
			}
			pageBytes += trace.getRetainedSize();
			traces.add(trace(trace));
		}
		return new BatchGetTracesResponse(traces, unprocessed, nextToken);
	}

	private static Trace trace(StoredTrace trace) {
		TraceAnalysis analysis = TraceAnalysis.of(trace);
		List<Segment> segments = new ArrayList<>();
		for (Map.Entry<String, String> document : analysis.getMergedDocuments()) {
			segments.add(new Segment(document.getKey(), document.getValue()));
		}
		return new Trace(trace.getTraceId(), Seconds.rounded(analysis.getDuration()), trace.isLimitExceeded(),
				segments);
	}

}
