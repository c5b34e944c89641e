package org.xrayspring.recorder.sampling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.xrayspring.recorder.json.JsonParseException;
import org.xrayspring.recorder.json.JsonReader;
import org.xrayspring.recorder.json.JsonWriter;

/**
 * Calls the X-Ray sampling API as the SDKs do through the daemon's TCP proxy:
 * {@code POST /GetSamplingRules} and {@code POST /SamplingTargets}, JSON, unsigned, short
 * connect and read timeouts, any status but 200 an error. Runs only on the poller thread.
 * No proxy is used (the daemon is local or a sidecar), and answers are read up to
 * {@value #MAX_RESPONSE_BYTES} bytes, so a hostile server costs bounded memory.
 * Connections are not asked to close: the JDK's own HTTP server (and so test stubs)
 * resets some connections that ask; the JDK's keep-alive cache drops idle ones after a
 * few seconds anyway, well before the next poll.
 */
final class SamplingApiClient {

	static final int MAX_RESPONSE_BYTES = 1024 * 1024;

	private final String endpoint;

	private final int connectTimeoutMillis;

	private final int readTimeoutMillis;

	SamplingApiClient(String endpoint, Duration connectTimeout, Duration readTimeout) {
		URI uri;
		try {
			uri = new URI(endpoint);
		}
		catch (URISyntaxException ex) {
			uri = null;
		}
		if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException(
					"The sampling endpoint must be an http:// URL, for example http://127.0.0.1:2000, but was '"
							+ endpoint + "'");
		}
		this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
		this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
		this.readTimeoutMillis = (int) Math.max(1, readTimeout.toMillis());
	}

	String endpoint() {
		return this.endpoint;
	}

	/**
	 * Posts a JSON body and returns the parsed JSON object answered.
	 * @throws SamplingApiException if the call fails or the answer is not a JSON object
	 */
	Map<String, Object> post(String path, String body) {
		HttpURLConnection connection = null;
		try {
			connection = (HttpURLConnection) URI.create(this.endpoint + path).toURL().openConnection(Proxy.NO_PROXY);
			connection.setRequestMethod("POST");
			connection.setConnectTimeout(this.connectTimeoutMillis);
			connection.setReadTimeout(this.readTimeoutMillis);
			connection.setUseCaches(false);
			connection.setInstanceFollowRedirects(false);
			connection.setDoOutput(true);
			connection.setRequestProperty("Content-Type", "application/json");
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			connection.setFixedLengthStreamingMode(bytes.length);
			try (OutputStream out = connection.getOutputStream()) {
				out.write(bytes);
			}
			int status = connection.getResponseCode();
			if (status != 200) {
				throw new SamplingApiException(path + " answered HTTP " + status);
			}
			byte[] answer;
			try (InputStream in = connection.getInputStream()) {
				answer = in.readNBytes(MAX_RESPONSE_BYTES + 1);
			}
			if (answer.length > MAX_RESPONSE_BYTES) {
				throw new SamplingApiException(path + " answered more than " + MAX_RESPONSE_BYTES + " bytes");
			}
			Object parsed = JsonReader.parse(new String(answer, StandardCharsets.UTF_8));
			if (!(parsed instanceof Map<?, ?> map)) {
				throw new SamplingApiException(path + " answered JSON that is not an object");
			}
			@SuppressWarnings("unchecked")
			Map<String, Object> object = (Map<String, Object>) map;
			return object;
		}
		catch (JsonParseException ex) {
			throw new SamplingApiException(path + " answered malformed JSON: " + ex.getMessage(), ex);
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new SamplingApiException(path + " failed: " + ex, ex);
		}
		finally {
			if (connection != null) {
				connection.disconnect();
			}
		}
	}

	/**
	 * One page of {@code GetSamplingRules}: the valid rules (invalid ones are skipped and
	 * counted) and the next token.
	 */
	Page getSamplingRules(String nextToken) {
		JsonWriter request = new JsonWriter(64).beginObject();
		if (nextToken != null) {
			request.field("NextToken", nextToken);
		}
		Map<String, Object> response = post("/GetSamplingRules", request.endObject().toString());
		List<CentralizedRule.Definition> rules = new ArrayList<>();
		int skipped = 0;
		for (Object record : list(response.get("SamplingRuleRecords"))) {
			CentralizedRule.Definition rule = (record instanceof Map<?, ?> map) ? definition(map.get("SamplingRule"))
					: null;
			if (rule != null) {
				rules.add(rule);
			}
			else {
				skipped++;
			}
		}
		Object token = response.get("NextToken");
		return new Page(rules, skipped, (token instanceof String s && !s.isEmpty()) ? s : null);
	}

	/**
	 * Reads a rule, or returns {@code null} when it breaks the service's constraints or
	 * is not format version 1 (the SDKs skip such rules too).
	 */
	static CentralizedRule.Definition definition(Object value) {
		if (!(value instanceof Map<?, ?> rule)) {
			return null;
		}
		String name = string(rule.get("RuleName"), 32);
		Number priority = number(rule.get("Priority"));
		Number fixedRate = number(rule.get("FixedRate"));
		Number reservoirSize = number(rule.get("ReservoirSize"));
		Number version = number(rule.get("Version"));
		String serviceName = string(rule.get("ServiceName"), 64);
		String serviceType = string(rule.get("ServiceType"), 64);
		String host = string(rule.get("Host"), 64);
		String httpMethod = string(rule.get("HTTPMethod"), 10);
		String urlPath = string(rule.get("URLPath"), 128);
		String resourceArn = string(rule.get("ResourceARN"), 500);
		if (name == null || name.isEmpty() || priority == null || fixedRate == null || reservoirSize == null
				|| version == null || version.doubleValue() != 1 || serviceName == null || serviceType == null
				|| host == null || httpMethod == null || urlPath == null || resourceArn == null) {
			return null;
		}
		double rate = fixedRate.doubleValue();
		double reservoir = reservoirSize.doubleValue();
		double order = priority.doubleValue();
		if (!(rate >= 0 && rate <= 1) || !(reservoir >= 0) || !(order >= 1 && order <= 10000)) {
			return null;
		}
		List<String> attributes = new ArrayList<>();
		Object attributeValue = rule.get("Attributes");
		if (attributeValue instanceof Map<?, ?> map) {
			if (map.size() > 5) {
				return null;
			}
			for (Object pattern : map.values()) {
				String text = string(pattern, 32);
				if (text == null) {
					return null;
				}
				attributes.add(text);
			}
		}
		else if (attributeValue != null) {
			return null;
		}
		return new CentralizedRule.Definition(name, (int) order, rate, (int) Math.min(reservoir, Integer.MAX_VALUE),
				serviceName, serviceType, host, httpMethod, urlPath, resourceArn, List.copyOf(attributes));
	}

	/**
	 * {@code GetSamplingTargets} with at most 25 statistics documents.
	 */
	Targets getSamplingTargets(List<Statistics> statistics, String clientId) {
		JsonWriter request = new JsonWriter(256).beginObject().beginArray("SamplingStatisticsDocuments");
		for (Statistics statistic : statistics) {
			request.beginObject()
				.field("RuleName", statistic.ruleName())
				.field("ClientID", clientId)
				.field("Timestamp", statistic.timestampSeconds())
				.field("RequestCount", statistic.requests())
				.field("SampledCount", statistic.sampled())
				.field("BorrowCount", statistic.borrowed())
				.endObject();
		}
		request.endArray().endObject();
		Map<String, Object> response = post("/SamplingTargets", request.toString());
		List<TargetDocument> targets = new ArrayList<>();
		for (Object document : list(response.get("SamplingTargetDocuments"))) {
			if (document instanceof Map<?, ?> map && map.get("RuleName") instanceof String name) {
				targets.add(new TargetDocument(name, doubleOr(map.get("FixedRate"), Double.NaN),
						number(map.get("ReservoirQuota")), number(map.get("ReservoirQuotaTTL")),
						number(map.get("Interval"))));
			}
		}
		Number lastModification = number(response.get("LastRuleModification"));
		return new Targets(targets, (lastModification != null) ? lastModification.doubleValue() : Double.NaN);
	}

	private static List<?> list(Object value) {
		return (value instanceof List<?> list) ? list : List.of();
	}

	private static String string(Object value, int maxLength) {
		return (value instanceof String s && s.length() <= maxLength) ? s : null;
	}

	private static Number number(Object value) {
		return (value instanceof Number n && Double.isFinite(n.doubleValue())) ? n : null;
	}

	private static double doubleOr(Object value, double otherwise) {
		Number n = number(value);
		return (n != null) ? n.doubleValue() : otherwise;
	}

	record Page(List<CentralizedRule.Definition> rules, int skipped, String nextToken) {
	}

	record Statistics(String ruleName, long timestampSeconds, long requests, long sampled, long borrowed) {
	}

	/**
	 * A target; absent numbers are {@code null} (FixedRate: NaN) and leave what the rule
	 * has unchanged.
	 */
	record TargetDocument(String ruleName, double fixedRate, Number reservoirQuota, Number reservoirQuotaTtlSeconds,
			Number intervalSeconds) {
	}

	/**
	 * The targets and {@code LastRuleModification} in epoch seconds (NaN when absent).
	 */
	record Targets(List<TargetDocument> documents, double lastRuleModificationSeconds) {
	}

	/**
	 * A failed call: what failed, for the throttled log.
	 */
	static final class SamplingApiException extends RuntimeException {

		SamplingApiException(String message) {
			super(message);
		}

		SamplingApiException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
