package org.xrayspring.console.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import org.jspecify.annotations.Nullable;
import org.xrayspring.console.assembly.TraceAnalysis;
import org.xrayspring.console.assembly.TraceNode;
import tools.jackson.databind.JsonNode;

/**
 * The response shapes of PutTraceSegments, GetTraceSummaries and BatchGetTraces.
 *
 * @author xray-spring-boot
 */
final class TraceResponses {

	private TraceResponses() {
	}

	/**
	 * PutTraceSegments' response.
	 *
	 * @param unprocessedTraceSegments the documents not stored, in request order
	 */
	@XRayShape
	record PutTraceSegmentsResponse(List<UnprocessedTraceSegment> unprocessedTraceSegments) {
	}

	/**
	 * A document PutTraceSegments did not store.
	 *
	 * @param id the document's id, when it could be read
	 * @param errorCode the error code
	 * @param message why
	 */
	@XRayShape
	record UnprocessedTraceSegment(@JsonInclude(Include.NON_NULL) @Nullable String id, String errorCode,
			String message) {
	}

	/**
	 * GetTraceSummaries' response.
	 *
	 * @param traceSummaries the summaries of this page
	 * @param approximateTime when the summaries were made, epoch seconds
	 * @param tracesProcessedCount traces in the time window, matching the filter or not
	 * @param nextToken the token of the next page, if there is one
	 */
	@XRayShape
	record TraceSummariesResponse(List<TraceSummary> traceSummaries, double approximateTime, int tracesProcessedCount,
			@JsonInclude(Include.NON_NULL) @Nullable String nextToken) {
	}

	/**
	 * A trace summary.
	 *
	 * @param id the trace id
	 * @param startTime the earliest start time
	 * @param duration latest end minus earliest start
	 * @param responseTime the root segment's duration
	 * @param hasFault whether a segment reports a fault
	 * @param hasError whether a segment reports an error
	 * @param hasThrottle whether a segment reports throttling
	 * @param isPartial whether the trace is incomplete
	 * @param http the root segment's request and response
	 * @param entryPoint the root segment's service, if there is a root segment
	 * @param annotations the values of each annotation and the services that recorded
	 * them
	 * @param users the users segments name
	 * @param serviceIds the services in the trace
	 * @param revision the number of documents
	 * @param matchedEventTime the earliest start time
	 */
	@XRayShape
	record TraceSummary(String id, double startTime, double duration, double responseTime, boolean hasFault,
			boolean hasError, boolean hasThrottle, boolean isPartial, Http http,
			@JsonInclude(Include.NON_NULL) @Nullable ServiceId entryPoint,
			Map<String, List<ValueWithServiceIds>> annotations, List<TraceUser> users, List<ServiceId> serviceIds,
			int revision, double matchedEventTime) {

		static TraceSummary of(TraceAnalysis trace) {
			TraceNode root = trace.getRoot();
			Http http = (root != null)
					? new Http(root.getHttpRequest("url"), root.getHttpStatus(), root.getHttpRequest("method"),
							root.getHttpRequest("user_agent"), root.getHttpRequest("client_ip"))
					: new Http(null, null, null, null, null);
			ServiceId entryPoint = (root != null) ? ServiceId.of(root.getName(), root.getOrigin()) : null;
			Map<String, List<ValueWithServiceIds>> annotations = new LinkedHashMap<>();
			trace.getAnnotations()
				.forEach((key, values) -> annotations.put(key, values.stream().map(ValueWithServiceIds::of).toList()));
			List<ServiceId> serviceIds = new ArrayList<>();
			for (String name : trace.getServiceNames()) {
				String type = trace.getSegments()
					.stream()
					.filter((segment) -> segment.getName().equals(name))
					.map(TraceNode::getOrigin)
					.filter(Objects::nonNull)
					.findFirst()
					.orElse(null);
				serviceIds.add(ServiceId.of(name, type));
			}
			double startTime = Seconds.rounded(trace.getStartTime());
			return new TraceSummary(trace.getTrace().getTraceId(), startTime, Seconds.rounded(trace.getDuration()),
					Seconds.rounded(trace.getResponseTime()), trace.hasFault(), trace.hasError(), trace.hasThrottle(),
					trace.isPartial(), http, entryPoint, annotations,
					trace.getUsers().stream().map(TraceUser::new).toList(), serviceIds,
					trace.getTrace().getDocuments().size(), startTime);
		}

	}

	/**
	 * The request and response of a trace's root segment.
	 *
	 * @param httpURL the URL
	 * @param httpStatus the response status
	 * @param httpMethod the method
	 * @param userAgent the user agent
	 * @param clientIp the client's address
	 */
	@XRayShape
	@JsonInclude(Include.NON_NULL)
	record Http(@Nullable String httpURL, @Nullable Integer httpStatus, @Nullable String httpMethod,
			@Nullable String userAgent, @Nullable String clientIp) {
	}

	/**
	 * A service: in summaries with its names and type, with annotations by name only.
	 *
	 * @param name the name
	 * @param names the names
	 * @param type the type (a segment's origin)
	 */
	@XRayShape
	@JsonInclude(Include.NON_NULL)
	record ServiceId(String name, @Nullable List<String> names, @Nullable String type) {

		static ServiceId of(String name, @Nullable String type) {
			return new ServiceId(name, List.of(name), type);
		}

		static ServiceId named(String name) {
			return new ServiceId(name, null, null);
		}

	}

	/**
	 * One value of an annotation and the service that recorded it.
	 *
	 * @param annotationValue the value
	 * @param serviceIds the recording service, if known
	 */
	@XRayShape
	record ValueWithServiceIds(AnnotationValue annotationValue, List<ServiceId> serviceIds) {

		static ValueWithServiceIds of(TraceAnalysis.AnnotationValue value) {
			return new ValueWithServiceIds(AnnotationValue.of(value.value()),
					(value.serviceName() != null) ? List.of(ServiceId.named(value.serviceName())) : List.of());
		}

	}

	/**
	 * An annotation value: exactly one member is set.
	 *
	 * @param numberValue a number
	 * @param booleanValue a boolean
	 * @param stringValue anything else, as text
	 */
	@XRayShape
	@JsonInclude(Include.NON_NULL)
	record AnnotationValue(@Nullable Double numberValue, @Nullable Boolean booleanValue, @Nullable String stringValue) {

		static AnnotationValue of(JsonNode value) {
			if (value.isNumber()) {
				return new AnnotationValue(value.doubleValue(), null, null);
			}
			if (value.isBoolean()) {
				return new AnnotationValue(null, value.booleanValue(), null);
			}
			return new AnnotationValue(null, null, value.asString());
		}

	}

	/**
	 * A user a segment names.
	 *
	 * @param userName the user
	 */
	@XRayShape
	record TraceUser(String userName) {
	}

	/**
	 * BatchGetTraces' response.
	 *
	 * @param traces the traces found
	 * @param unprocessedTraceIds the ids of traces not found
	 * @param nextToken the token of the next page, if there is one
	 */
	@XRayShape
	record BatchGetTracesResponse(List<Trace> traces, List<String> unprocessedTraceIds,
			@JsonInclude(Include.NON_NULL) @Nullable String nextToken) {
	}

	/**
	 * A trace with its documents.
	 *
	 * @param id the trace id
	 * @param duration latest end minus earliest start
	 * @param limitExceeded whether documents were dropped because the trace was full
	 * @param segments the documents, independent subsegments merged into their segments
	 */
	@XRayShape
	record Trace(String id, double duration, boolean limitExceeded, List<Segment> segments) {
	}

	/**
	 * One document of a trace.
	 *
	 * @param id the segment's (or orphan subsegment's) id
	 * @param document the document text
	 */
	@XRayShape
	record Segment(String id, String document) {
	}

}
