package org.xrayspring.console.api;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.xrayspring.console.receiver.XRayConsoleReceiver;
import org.xrayspring.console.sampling.SamplingRules;
import org.xrayspring.console.store.TraceStore;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The console's HTTP routes under one base path: the X-Ray API subset
 * ({@code POST /TraceSegments}, {@code /TraceSummaries}, {@code /Traces},
 * {@code /ServiceGraph}, {@code /GetSamplingRules}, {@code /SamplingTargets},
 * {@code /CreateSamplingRule}, {@code /UpdateSamplingRule}, {@code /DeleteSamplingRule},
 * {@code /SamplingStatisticSummaries}, {@code /TelemetryRecords}), the console's own
 * {@code GET /console/status}, {@code GET /console/sampling} and
 * {@code POST /console/clear}, and the web UI. Every request first passes the
 * {@link RequestGuard} (loopback peer, own {@code Host}, same {@code Origin}, JSON
 * writes); every operation reads its body within {@link Settings#maxRequestBodyBytes()
 * the limit} and answers a record that the console's own mapper writes; every refusal or
 * failure is answered by {@link ApiErrors} with the X-Ray error shape, never a stack
 * trace.
 *
 * @author xray-spring-boot
 */
public final class XRayConsoleRoutes {

	private static final String UI_LOCATION = "META-INF/xray-console/ui/";

	private final Settings settings;

	private final RequestBodies bodies;

	private final TracesHandler traces;

	private final ServiceGraphHandler serviceGraph;

	private final SamplingHandler sampling;

	private final StatusHandler status;

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
		ApiCounters counters = new ApiCounters();
		this.settings = settings;
		this.bodies = new RequestBodies(settings.maxRequestBodyBytes());
		this.traces = new TracesHandler(store, counters, clock);
		this.serviceGraph = new ServiceGraphHandler(store);
		this.sampling = new SamplingHandler(samplingRules);
		this.status = new StatusHandler(settings.basePath(), store, samplingRules, receiver, counters, clock);
	}

	/**
	 * Build the router function.
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routerFunction() {
		String base = this.settings.basePath();
		RouterFunctions.Builder builder = RouterFunctions.route()
			.POST(base + "/TraceSegments", operation(this.traces::putTraceSegments))
			.POST(base + "/TraceSummaries", operation(this.traces::getTraceSummaries))
			.POST(base + "/Traces", operation(this.traces::batchGetTraces))
			.POST(base + "/ServiceGraph", operation(this.serviceGraph::getServiceGraph))
			.POST(base + "/GetSamplingRules", operation(this.sampling::getSamplingRules))
			.POST(base + "/SamplingTargets", operation(this.sampling::getSamplingTargets))
			.POST(base + "/CreateSamplingRule", operation(this.sampling::createSamplingRule))
			.POST(base + "/UpdateSamplingRule", operation(this.sampling::updateSamplingRule))
			.POST(base + "/DeleteSamplingRule", operation(this.sampling::deleteSamplingRule))
			.POST(base + "/SamplingStatisticSummaries", operation(this.sampling::getSamplingStatisticSummaries))
			.POST(base + "/TelemetryRecords", operation(this.status::putTelemetryRecords))
			.GET(base + "/console/status", operation(this.status::status))
			.POST(base + "/console/clear", operation(this.status::clear))
			.GET(base + "/console/sampling", operation(this.sampling::consoleSampling))
			.GET(base + "/", (request) -> index());
		if (!base.isEmpty()) {
			// Relative UI links need the trailing slash.
			String last = base.substring(base.lastIndexOf('/') + 1);
			builder.GET(base,
					(request) -> ServerResponse.status(HttpStatus.FOUND).header("Location", last + "/").build());
		}
		builder.add(RouterFunctions.resources(base + "/**", new ClassPathResource(UI_LOCATION),
				(resource, headers) -> headers.setCacheControl("no-cache")));
		RequestGuard guard = new RequestGuard(this.settings.allowRemote(), this.settings.allowedHosts());
		builder.filter((request, next) -> {
			ApiException refusal = guard.check(request.servletRequest());
			return (refusal != null) ? ApiErrors.response(refusal) : next.handle(request);
		});
		builder.onError(RuntimeException.class, ApiErrors::response);
		return builder.build();
	}

	private HandlerFunction<ServerResponse> operation(Operation operation) {
		return (request) -> ApiJson.write(ServerResponse.ok(), operation.handle(this.bodies.read(request)));
	}

	private static ServerResponse index() {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_HTML)
			.header("Cache-Control", "no-cache")
			.body(new ClassPathResource(UI_LOCATION + "index.html"));
	}

	/**
	 * One API operation: a handler method that takes the request body and returns the
	 * response body.
	 */
	@FunctionalInterface
	private interface Operation {

		Object handle(JsonNode body);

	}

	/**
	 * HTTP settings of the routes.
	 *
	 * @param basePath the base path: empty, or starting with {@code /} and not ending
	 * with it
	 * @param maxRequestBodyBytes the largest accepted request body
	 * @param allowRemote whether clients other than loopback ones are answered
	 * @param allowedHosts host names, besides loopback ones and the address a connection
	 * is accepted on, that requests may carry in their {@code Host} header; {@code *}
	 * allows any
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
