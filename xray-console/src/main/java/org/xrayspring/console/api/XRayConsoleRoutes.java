package org.xrayspring.console.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xrayspring.console.document.DocumentError;
import org.xrayspring.console.document.InvalidDocumentException;
import org.xrayspring.console.document.SegmentDocument;
import org.xrayspring.console.query.FilterExpression;
import org.xrayspring.console.query.ServiceGraph;
import org.xrayspring.console.query.TraceAnalysis;
import org.xrayspring.console.query.TraceNode;
import org.xrayspring.console.receiver.ReceiverCounters;
import org.xrayspring.console.receiver.RejectReason;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.SamplingRule;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.store.StoredTrace;
import org.xrayspring.console.store.TraceStore;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The console's HTTP routes under one base path: the X-Ray API subset ({@code POST /TraceSegments},
 * {@code /TraceSummaries}, {@code /Traces}, {@code /ServiceGraph}, {@code /GetSamplingRules},
 * {@code /SamplingTargets}, {@code /TelemetryRecords}), the console's own {@code GET /console/status} and
 * {@code POST /console/clear}, and the web UI. Every request first passes the {@link RequestGuard} (loopback peer,
 * own {@code Host}, same {@code Origin}, JSON writes). Errors are answered with the X-Ray error shape, never a stack
 * trace.
 *
 * @author xray-spring-boot
 */
public final class XRayConsoleRoutes {

	private static final Log logger = LogFactory.getLog(XRayConsoleRoutes.class);

	/**
	 * Reads request bodies within tight bounds (no request nests deeper or carries longer numbers) and writes
	 * responses.
	 */
	private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(64).build())
		.build()).build();

	private static final int MAX_TRACE_ID_LENGTH = 64;

	private static final int MAX_DOCUMENT_BYTES = 64 * 1024;

	private static final int PAGE_SIZE = 1000;

	private static final int MAX_TRACE_IDS = 100;

	private static final int MAX_STATISTICS_DOCUMENTS = 25;

	private final Settings settings;

	private final TraceStore store;

	private final SamplingRules samplingRules;

	private final @Nullable XRayConsoleReceiver receiver;

	private final Clock clock;

	private final Instant startedAt;

	private final AtomicLong putAccepted = new AtomicLong();

	private final AtomicLong putRejected = new AtomicLong();

	private final AtomicLong telemetryRecords = new AtomicLong();

	/**
	 * Create the routes.
	 * @param settings the HTTP settings
	 * @param store the trace store
	 * @param samplingRules the sampling rules
	 * @param receiver the UDP receiver, or {@code null} if none runs
	 * @param clock the clock
	 */
	public XRayConsoleRoutes(Settings settings, TraceStore store, SamplingRules samplingRules,
			@Nullable XRayConsoleReceiver receiver, Clock clock) {
		this.settings = settings;
		this.store = store;
		this.samplingRules = samplingRules;
		this.receiver = receiver;
		this.clock = clock;
		this.startedAt = clock.instant();
	}

	/**
	 * Build the router function.
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routerFunction() {
		String base = this.settings.basePath();
		RouterFunctions.Builder builder = RouterFunctions.route()
			.POST(base + "/TraceSegments", api(this::putTraceSegments))
			.POST(base + "/TraceSummaries", api(this::getTraceSummaries))
			.POST(base + "/Traces", api(this::batchGetTraces))
			.POST(base + "/ServiceGraph", api(this::getServiceGraph))
			.POST(base + "/GetSamplingRules", api(this::getSamplingRules))
			.POST(base + "/SamplingTargets", api(this::getSamplingTargets))
			.POST(base + "/TelemetryRecords", api(this::putTelemetryRecords))
			.GET(base + "/console/status", api((request, body) -> status()))
			.POST(base + "/console/clear", api((request, body) -> clear()))
			.GET(base + "/", (request) -> ui("index.html"));
		if (!base.isEmpty()) {
			// Relative UI links need the trailing slash.
			String last = base.substring(base.lastIndexOf('/') + 1);
			builder.GET(base, (request) -> ServerResponse.status(HttpStatus.FOUND).header("Location", last + "/")
				.build());
		}
		builder.add(RouterFunctions.resources(base + "/**", new ClassPathResource("META-INF/xray-console/ui/"),
				(resource, headers) -> headers.setCacheControl("no-cache")));
		RequestGuard guard = new RequestGuard(this.settings.allowRemote(), this.settings.allowedHosts());
		builder.filter((request, next) -> {
			ApiException refusal = guard.check(request.servletRequest());
			return (refusal != null) ? error(refusal) : next.handle(request);
		});
		return builder.build();
	}

	private ServerResponse ui(String file) {
		Resource resource = new ClassPathResource("META-INF/xray-console/ui/" + file);
		return ServerResponse.ok().contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-cache")
			.body(resource);
	}

	private HandlerFunction<ServerResponse> api(Operation operation) {
		return (request) -> {
			try {
				JsonNode body = readBody(request);
				return json(operation.handle(request, body));
			}
			catch (ApiException ex) {
				return error(ex);
			}
			catch (RuntimeException ex) {
				logger.warn("X-Ray console API failed for " + request.path(), ex);
				return error(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "ServiceException",
						"Internal error in the X-Ray console"));
			}
		};
	}

	private JsonNode readBody(ServerRequest request) {
		if ("GET".equals(request.method().name())) {
			return MAPPER.createObjectNode();
		}
		long limit = this.settings.maxRequestBodyBytes();
		HttpServletRequest servletRequest = request.servletRequest();
		if (servletRequest.getContentLengthLong() > limit) {
			throw tooLarge(limit);
		}
		byte[] bytes;
		try (InputStream input = servletRequest.getInputStream()) {
			bytes = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
		}
		catch (IOException ex) {
			throw ApiException.invalidRequest("Could not read the request body");
		}
		if (bytes.length > limit) {
			throw tooLarge(limit);
		}
		if (bytes.length == 0) {
			return MAPPER.createObjectNode();
		}
		JsonNode body;
		try {
			body = MAPPER.readTree(bytes);
		}
		catch (JacksonException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "SerializationException",
					"The request body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (body == null || !body.isObject()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "SerializationException",
					"The request body must be a JSON object");
		}
		return body;
	}

	private static ApiException tooLarge(long limit) {
		return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "RequestEntityTooLargeException",
				"The request body is larger than " + limit + " bytes (xray.console.max-request-body)");
	}

	private static ServerResponse json(JsonNode body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
			.body(MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
	}

	private static ServerResponse error(ApiException ex) {
		ObjectNode body = MAPPER.createObjectNode();
		body.put("__type", ex.getType());
		body.put("message", ex.getMessage());
		return ServerResponse.status(ex.getStatus()).contentType(MediaType.APPLICATION_JSON)
			.header("x-amzn-ErrorType", ex.getType())
			.body(MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
	}

	// PutTraceSegments

	private JsonNode putTraceSegments(ServerRequest request, JsonNode body) {
		JsonNode documents = JsonRequests.array(body, "TraceSegmentDocuments");
		ObjectNode response = MAPPER.createObjectNode();
		ArrayNode unprocessed = response.putArray("UnprocessedTraceSegments");
		for (JsonNode document : documents) {
			if (!document.isString()) {
				throw ApiException.invalidRequest("'TraceSegmentDocuments' must be a list of strings");
			}
			String text = document.stringValue();
			if (text.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
				this.putRejected.incrementAndGet();
				unprocessed.addObject().put("ErrorCode", DocumentError.DOCUMENT_TOO_LARGE.code()).put("Message",
						"Invalid segment. Documents are limited to " + MAX_DOCUMENT_BYTES + " bytes");
				continue;
			}
			try {
				for (SegmentDocument segment : SegmentDocument.parse(text)) {
					this.store.add(segment);
				}
				this.putAccepted.incrementAndGet();
			}
			catch (InvalidDocumentException ex) {
				this.putRejected.incrementAndGet();
				ObjectNode entry = unprocessed.addObject();
				if (ex.getDocumentId() != null) {
					entry.put("Id", ex.getDocumentId());
				}
				entry.put("ErrorCode", ex.getError().code());
				entry.put("Message", ex.getMessage());
			}
		}
		return response;
	}

	// GetTraceSummaries

	private JsonNode getTraceSummaries(ServerRequest request, JsonNode body) {
		double start = JsonRequests.timestamp(body, "StartTime", true);
		double end = JsonRequests.timestamp(body, "EndTime", true);
		if (end < start) {
			throw ApiException.invalidRequest("EndTime must not be before StartTime");
		}
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
		int offset = offset(JsonRequests.string(body, "NextToken", false));
		// Only the traces are kept, not their analyses: a full store analysed at once would take a multiple of it.
		List<StoredTrace> matches = new ArrayList<>();
		int processed = 0;
		for (StoredTrace trace : this.store.getTraces()) {
			double time = byTraceId ? traceIdTime(trace) : trace.getStartTime();
			if (time < start || time > end) {
				continue;
			}
			processed++;
			if (filter.matches(TraceAnalysis.of(trace))) {
				matches.add(trace);
			}
		}
		ObjectNode response = MAPPER.createObjectNode();
		ArrayNode summaries = response.putArray("TraceSummaries");
		for (int i = offset; i < Math.min(matches.size(), offset + PAGE_SIZE); i++) {
			summaries.add(summary(TraceAnalysis.of(matches.get(i))));
		}
		response.put("ApproximateTime", seconds(this.clock.instant()));
		response.put("TracesProcessedCount", processed);
		if (offset + PAGE_SIZE < matches.size()) {
			response.put("NextToken", String.valueOf(offset + PAGE_SIZE));
		}
		return response;
	}

	private static double traceIdTime(StoredTrace trace) {
		return trace.getDocuments().isEmpty() ? 0 : trace.getDocuments().get(0).getTraceIdEpochSecond();
	}

	private static int offset(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			return 0;
		}
		try {
			int offset = Integer.parseInt(token);
			if (offset >= 0) {
				return offset;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw ApiException.invalidRequest("Invalid NextToken");
	}

	private ObjectNode summary(TraceAnalysis trace) {
		ObjectNode summary = MAPPER.createObjectNode();
		summary.put("Id", trace.getTrace().getTraceId());
		summary.put("StartTime", round(trace.getStartTime()));
		summary.put("Duration", round(trace.getDuration()));
		summary.put("ResponseTime", round(trace.getResponseTime()));
		summary.put("HasFault", trace.hasFault());
		summary.put("HasError", trace.hasError());
		summary.put("HasThrottle", trace.hasThrottle());
		summary.put("IsPartial", trace.isPartial());
		TraceNode root = trace.getRoot();
		ObjectNode http = summary.putObject("Http");
		if (root != null) {
			putIfPresent(http, "HttpURL", root.getHttpRequest("url"));
			if (root.getHttpStatus() != null) {
				http.put("HttpStatus", root.getHttpStatus());
			}
			putIfPresent(http, "HttpMethod", root.getHttpRequest("method"));
			putIfPresent(http, "UserAgent", root.getHttpRequest("user_agent"));
			putIfPresent(http, "ClientIp", root.getHttpRequest("client_ip"));
			ObjectNode entryPoint = summary.putObject("EntryPoint");
			serviceId(entryPoint, root.getName(), root.getOrigin());
		}
		ObjectNode annotations = summary.putObject("Annotations");
		trace.getAnnotations().forEach((key, values) -> {
			ArrayNode list = annotations.putArray(key);
			for (TraceAnalysis.AnnotationValue value : values) {
				ObjectNode entry = list.addObject();
				ObjectNode annotationValue = entry.putObject("AnnotationValue");
				if (value.value().isNumber()) {
					annotationValue.put("NumberValue", value.value().doubleValue());
				}
				else if (value.value().isBoolean()) {
					annotationValue.put("BooleanValue", value.value().booleanValue());
				}
				else {
					annotationValue.put("StringValue", value.value().asString());
				}
				ArrayNode serviceIds = entry.putArray("ServiceIds");
				if (value.serviceName() != null) {
					serviceIds.addObject().put("Name", value.serviceName());
				}
			}
		});
		ArrayNode users = summary.putArray("Users");
		trace.getUsers().forEach((user) -> users.addObject().put("UserName", user));
		ArrayNode serviceIds = summary.putArray("ServiceIds");
		for (String name : trace.getServiceNames()) {
			String type = trace.getSegments().stream().filter((segment) -> segment.getName().equals(name))
				.map(TraceNode::getOrigin).filter(java.util.Objects::nonNull).findFirst().orElse(null);
			serviceId(serviceIds.addObject(), name, type);
		}
		summary.put("Revision", trace.getTrace().getDocuments().size());
		summary.put("MatchedEventTime", round(trace.getStartTime()));
		return summary;
	}

	private static void serviceId(ObjectNode node, String name, @Nullable String type) {
		node.put("Name", name);
		node.putArray("Names").add(name);
		if (type != null) {
			node.put("Type", type);
		}
	}

	private static void putIfPresent(ObjectNode node, String field, @Nullable String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	// BatchGetTraces

	private JsonNode batchGetTraces(ServerRequest request, JsonNode body) {
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
		int offset = offset(JsonRequests.string(body, "NextToken", false));
		// One page holds about one trace's worth of the store (more only for a single trace): the documents
		// are copied and written out, so 100 ids of large traces would otherwise take many times the store.
		long pageBudget = this.store.getStats().maxTraceBytes();
		long pageBytes = 0;
		Set<String> seen = new HashSet<>();
		ObjectNode response = MAPPER.createObjectNode();
		ArrayNode traces = response.putArray("Traces");
		ArrayNode unprocessed = response.putArray("UnprocessedTraceIds");
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
				response.put("NextToken", String.valueOf(i));
				break;
			}
			pageBytes += trace.getRetainedSize();
			TraceAnalysis analysis = TraceAnalysis.of(trace);
			ObjectNode entry = traces.addObject();
			entry.put("Id", trace.getTraceId());
			entry.put("Duration", round(analysis.getDuration()));
			entry.put("LimitExceeded", trace.isLimitExceeded());
			ArrayNode segments = entry.putArray("Segments");
			for (Map.Entry<String, String> document : analysis.getMergedDocuments()) {
				segments.addObject().put("Id", document.getKey()).put("Document", document.getValue());
			}
		}
		return response;
	}

	// GetServiceGraph

	private JsonNode getServiceGraph(ServerRequest request, JsonNode body) {
		double start = JsonRequests.timestamp(body, "StartTime", true);
		double end = JsonRequests.timestamp(body, "EndTime", true);
		if (end < start) {
			throw ApiException.invalidRequest("EndTime must not be before StartTime");
		}
		List<TraceAnalysis> traces = new ArrayList<>();
		for (StoredTrace trace : this.store.getTraces()) {
			if (trace.getStartTime() >= start && trace.getStartTime() <= end) {
				traces.add(TraceAnalysis.of(trace));
			}
		}
		ServiceGraph graph = ServiceGraph.of(traces);
		ObjectNode response = MAPPER.createObjectNode();
		response.put("StartTime", start);
		response.put("EndTime", end);
		ArrayNode services = response.putArray("Services");
		for (ServiceGraph.Node node : graph.getNodes()) {
			ObjectNode service = services.addObject();
			service.put("ReferenceId", node.getReferenceId());
			service.put("Name", node.getName());
			service.putArray("Names").add(node.getName());
			if (node.getType() != null) {
				service.put("Type", node.getType());
			}
			service.put("Root", node.isRoot());
			service.put("State", "active");
			if (!Double.isNaN(graph.getStartTime())) {
				service.put("StartTime", graph.getStartTime());
				service.put("EndTime", graph.getEndTime());
			}
			ArrayNode edges = service.putArray("Edges");
			for (ServiceGraph.Edge edge : node.getEdges()) {
				ObjectNode edgeNode = edges.addObject();
				edgeNode.put("ReferenceId", edge.getReferenceId());
				statistics(edgeNode.putObject("SummaryStatistics"), edge.getStatistics());
				edgeNode.putArray("ResponseTimeHistogram");
				edgeNode.putArray("Aliases");
			}
			if (!ServiceGraph.CLIENT_TYPE.equals(node.getType())) {
				statistics(service.putObject("SummaryStatistics"), node.getStatistics());
			}
			service.putArray("DurationHistogram");
			service.putArray("ResponseTimeHistogram");
		}
		response.put("ContainsOldGroupVersions", false);
		return response;
	}

	private static void statistics(ObjectNode node, ServiceGraph.Statistics statistics) {
		node.put("OkCount", statistics.getOkCount());
		ObjectNode errors = node.putObject("ErrorStatistics");
		errors.put("ThrottleCount", statistics.getThrottleCount());
		errors.put("OtherCount", statistics.getErrorCount() - statistics.getThrottleCount());
		errors.put("TotalCount", statistics.getErrorCount());
		ObjectNode faults = node.putObject("FaultStatistics");
		faults.put("OtherCount", statistics.getFaultCount());
		faults.put("TotalCount", statistics.getFaultCount());
		node.put("TotalCount", statistics.getTotalCount());
		node.put("TotalResponseTime", round(statistics.getTotalResponseTime()));
	}

	// Sampling

	private JsonNode getSamplingRules(ServerRequest request, JsonNode body) {
		ObjectNode response = MAPPER.createObjectNode();
		ArrayNode records = response.putArray("SamplingRuleRecords");
		double modified = seconds(this.samplingRules.getModifiedAt());
		for (SamplingRule rule : this.samplingRules.getRules()) {
			ObjectNode record = records.addObject();
			ObjectNode node = record.putObject("SamplingRule");
			node.put("RuleName", rule.ruleName());
			node.put("RuleARN", "arn:aws:xray:local:000000000000:sampling-rule/" + rule.ruleName());
			node.put("ResourceARN", rule.resourceArn());
			node.put("Priority", rule.priority());
			node.put("FixedRate", rule.fixedRate());
			node.put("ReservoirSize", rule.reservoirSize());
			node.put("ServiceName", rule.serviceName());
			node.put("ServiceType", rule.serviceType());
			node.put("Host", rule.host());
			node.put("HTTPMethod", rule.httpMethod());
			node.put("URLPath", rule.urlPath());
			node.put("Version", 1);
			ObjectNode attributes = node.putObject("Attributes");
			rule.attributes().forEach(attributes::put);
			record.put("CreatedAt", modified);
			record.put("ModifiedAt", modified);
		}
		return response;
	}

	private JsonNode getSamplingTargets(ServerRequest request, JsonNode body) {
		JsonNode documents = JsonRequests.array(body, "SamplingStatisticsDocuments");
		if (documents.size() > MAX_STATISTICS_DOCUMENTS) {
			throw ApiException.invalidRequest("1 validation error detected: 'SamplingStatisticsDocuments' "
					+ "failed to satisfy constraint: Member must have length less than or equal to 25");
		}
		List<SamplingRules.Statistics> statistics = new ArrayList<>();
		for (JsonNode document : documents) {
			if (!document.isObject()) {
				throw ApiException.invalidRequest("'SamplingStatisticsDocuments' must be a list of objects");
			}
			String ruleName = JsonRequests.string(document, "RuleName", true);
			String clientId = JsonRequests.string(document, "ClientID", true);
			if (clientId.length() != 24) {
				throw ApiException.invalidRequest("1 validation error detected: 'ClientID' failed to satisfy "
						+ "constraint: Member must have length 24");
			}
			JsonRequests.timestamp(document, "Timestamp", true);
			statistics.add(new SamplingRules.Statistics(ruleName, clientId,
					JsonRequests.number(document, "RequestCount", true),
					JsonRequests.number(document, "SampledCount", true),
					JsonRequests.number(document, "BorrowCount", false)));
		}
		ObjectNode response = MAPPER.createObjectNode();
		ArrayNode targets = response.putArray("SamplingTargetDocuments");
		ArrayNode unprocessed = response.putArray("UnprocessedStatistics");
		for (SamplingRules.Statistics statistic : statistics) {
			SamplingRules.Target target = this.samplingRules.report(statistic);
			if (target == null) {
				ObjectNode entry = unprocessed.addObject();
				entry.put("RuleName", statistic.ruleName());
				entry.put("ErrorCode", "RuleNotFound");
				entry.put("Message", "No sampling rule named '" + statistic.ruleName() + "'");
				continue;
			}
			ObjectNode node = targets.addObject();
			node.put("RuleName", target.ruleName());
			node.put("FixedRate", target.fixedRate());
			node.put("ReservoirQuota", target.reservoirQuota());
			node.put("ReservoirQuotaTTL", seconds(target.reservoirQuotaTtl()));
			node.put("Interval", target.interval());
		}
		response.put("LastRuleModification", seconds(this.samplingRules.getModifiedAt()));
		return response;
	}

	private JsonNode putTelemetryRecords(ServerRequest request, JsonNode body) {
		this.telemetryRecords.addAndGet(JsonRequests.array(body, "TelemetryRecords").size());
		return MAPPER.createObjectNode();
	}

	// Console status

	private JsonNode status() {
		ObjectNode response = MAPPER.createObjectNode();
		ObjectNode console = response.putObject("console");
		console.put("startedAt", seconds(this.startedAt));
		console.put("now", seconds(this.clock.instant()));
		console.put("basePath", this.settings.basePath());
		ObjectNode receiverNode = response.putObject("receiver");
		XRayConsoleReceiver current = this.receiver;
		if (current != null) {
			ReceiverCounters counters = current.getCounters();
			receiverNode.put("running", current.isRunning());
			receiverNode.put("address", current.getLocalAddress().getHostString() + ":"
					+ current.getLocalAddress().getPort());
			if (current.getFailure() != null) {
				receiverNode.put("failure", current.getFailure());
			}
			receiverNode.put("received", counters.getReceived());
			receiverNode.put("accepted", counters.getAccepted());
			receiverNode.put("rejected", counters.getRejected());
			receiverNode.put("queued", current.getQueued());
			receiverNode.put("queuedBytes", current.getQueuedBytes());
			receiverNode.put("relayed", counters.getRelayed());
			receiverNode.put("relayFailed", counters.getRelayFailed());
			ObjectNode reasons = receiverNode.putObject("rejectedByReason");
			for (Map.Entry<RejectReason, Long> entry : counters.getRejectedByReason().entrySet()) {
				reasons.put(entry.getKey().key(), entry.getValue());
			}
			ArrayNode recent = receiverNode.putArray("recentRejects");
			for (ReceiverCounters.RecentReject reject : counters.getRecentRejects()) {
				recent.addObject().put("time", seconds(reject.time())).put("reason", reject.reason().key())
					.put("detail", reject.detail()).put("sample", reject.sample());
			}
		}
		else {
			receiverNode.put("running", false);
		}
		TraceStore.Stats stats = this.store.getStats();
		ObjectNode storeNode = response.putObject("store");
		storeNode.put("traces", stats.traces());
		storeNode.put("documents", stats.documents());
		storeNode.put("bytes", stats.bytes());
		storeNode.put("addedDocuments", stats.addedDocuments());
		storeNode.put("evictedTraces", stats.evictedTraces());
		storeNode.putObject("evictedByReason")
			.put("max-traces", stats.evictedForTraces())
			.put("max-store-size", stats.evictedForBytes());
		storeNode.put("droppedDocuments", stats.droppedDocuments());
		storeNode.putObject("droppedByReason")
			.put("max-documents-per-trace", stats.droppedForDocuments())
			.put("max-trace-size", stats.droppedForBytes());
		storeNode.put("staleDocuments", stats.staleDocuments());
		storeNode.put("maxTraces", stats.maxTraces());
		storeNode.put("maxDocumentsPerTrace", stats.maxDocumentsPerTrace());
		storeNode.put("maxBytes", stats.maxBytes());
		storeNode.put("maxTraceBytes", stats.maxTraceBytes());
		ObjectNode api = response.putObject("api");
		api.put("putDocumentsAccepted", this.putAccepted.get());
		api.put("putDocumentsRejected", this.putRejected.get());
		api.put("telemetryRecords", this.telemetryRecords.get());
		ArrayNode rules = response.putObject("sampling").putArray("rules");
		Map<String, SamplingRules.Totals> totals = this.samplingRules.getTotals();
		for (SamplingRule rule : this.samplingRules.getRules()) {
			SamplingRules.Totals total = totals.get(rule.ruleName());
			ObjectNode node = rules.addObject();
			node.put("name", rule.ruleName()).put("priority", rule.priority()).put("fixedRate", rule.fixedRate())
				.put("reservoirSize", rule.reservoirSize()).put("serviceName", rule.serviceName())
				.put("httpMethod", rule.httpMethod()).put("urlPath", rule.urlPath()).put("host", rule.host());
			if (total != null) {
				node.put("requests", total.requests()).put("sampled", total.sampled())
					.put("borrowed", total.borrowed()).put("activeClients", total.activeClients());
			}
		}
		return response;
	}

	private JsonNode clear() {
		this.store.clear();
		return MAPPER.createObjectNode();
	}

	private static double seconds(Instant instant) {
		return instant.getEpochSecond() + instant.getNano() / 1_000_000 / 1000.0;
	}

	private static double round(double seconds) {
		return Math.round(seconds * 1_000_000) / 1_000_000.0;
	}

	@FunctionalInterface
	private interface Operation {

		JsonNode handle(ServerRequest request, JsonNode body);

	}

	/**
	 * HTTP settings of the routes.
	 *
	 * @param basePath the base path: empty, or starting with {@code /} and not ending with it
	 * @param maxRequestBodyBytes the largest accepted request body
	 * @param allowRemote whether clients other than loopback ones are answered
	 * @param allowedHosts host names, besides loopback ones and the address a connection is accepted on, that
	 * requests may carry in their {@code Host} header; {@code *} allows any
	 */
	public record Settings(String basePath, long maxRequestBodyBytes, boolean allowRemote, List<String> allowedHosts) {

		/**
		 * Validate the settings.
		 */
		public Settings {
			Assert.isTrue(basePath.isEmpty() || (basePath.startsWith("/") && !basePath.endsWith("/")),
					"Base path must be empty or start with '/' and not end with '/'");
			Assert.isTrue(maxRequestBodyBytes > 0, "maxRequestBodyBytes must be positive");
			allowedHosts = List.copyOf(allowedHosts);
		}

		/**
		 * Settings that allow loopback host names only.
		 * @param basePath the base path
		 * @param maxRequestBodyBytes the largest accepted request body
		 * @param allowRemote whether clients other than loopback ones are answered
		 */
		public Settings(String basePath, long maxRequestBodyBytes, boolean allowRemote) {
			this(basePath, maxRequestBodyBytes, allowRemote, List.of());
		}

	}

}
