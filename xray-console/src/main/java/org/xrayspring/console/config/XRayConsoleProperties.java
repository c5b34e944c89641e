package org.xrayspring.console.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the X-Ray console.
 *
 * @author xray-spring-boot
 */
@ConfigurationProperties("xray.console")
public class XRayConsoleProperties {

	/**
	 * Whether to start the console (UDP receiver, X-Ray API and web UI) in this
	 * application.
	 */
	private boolean enabled;

	/**
	 * Path under which the web UI and the X-Ray API are served, for example '/xray' (UI
	 * at '/xray/', API at '/xray/TraceSummaries'). Empty serves them at the root, as the
	 * standalone console does.
	 */
	private String basePath = "/xray";

	/**
	 * Whether to run the UDP receiver (the daemon face).
	 */
	private boolean udpEnabled = true;

	/**
	 * Address (host:port) the UDP receiver binds, as the X-Ray daemon's '-b' option. Port
	 * 0 picks a free port.
	 */
	private String udpAddress = "127.0.0.1:2000";

	/**
	 * Upstream X-Ray daemon (host:port) to relay every accepted datagram to, so the
	 * console can sit in front of a real daemon. Not relayed when unset.
	 */
	private @Nullable String relayAddress;

	/**
	 * Whether the console may be reached from other hosts: binding the UDP receiver to a
	 * non-loopback address and answering HTTP clients that are not on loopback. A warning
	 * is logged at start when enabled.
	 */
	private boolean allowRemote;

	/**
	 * Host names, besides 'localhost', '*.localhost', loopback addresses, the address a
	 * connection was accepted on and 'server.address', that requests may name in their
	 * Host header, for example the machine's name when 'allow-remote' is set or a local
	 * reverse proxy keeps the original Host. Requests for any other Host are refused, so
	 * a web page on a DNS name rebound to this machine cannot read the console. '*'
	 * allows any Host.
	 */
	private List<String> allowedHosts = new ArrayList<>();

	/**
	 * Maximum number of traces held in memory; the trace first seen earliest is evicted
	 * (and counted) beyond it.
	 */
	private int maxTraces = 10_000;

	/**
	 * Maximum number of documents (segments and independent subsegments) held per trace;
	 * further ones are dropped, counted, and the trace is marked as having exceeded its
	 * limit.
	 */
	private int maxDocumentsPerTrace = 1_000;

	/**
	 * Maximum heap the stored traces may take: each document's text plus an estimate of
	 * its parsed form (typically 1 to 8 times the text). The traces first seen earliest
	 * are evicted (and counted) beyond it; one trace may take at most a quarter of it,
	 * further documents of that trace are dropped (and counted).
	 */
	private DataSize maxStoreSize = DataSize.ofMegabytes(64);

	/**
	 * Maximum size of an X-Ray API request body; larger requests are answered with 413.
	 */
	private DataSize maxRequestBody = DataSize.ofMegabytes(5);

	/**
	 * Capacity of the queue between the UDP reader and the document parser; datagrams
	 * arriving while it is full are dropped and counted as 'queue-full'.
	 */
	private int queueCapacity = 10_000;

	/**
	 * Maximum bytes of the datagrams waiting between the UDP reader and the document
	 * parser; datagrams arriving beyond it are dropped and counted as 'queue-full'.
	 */
	private DataSize maxQueueSize = DataSize.ofMegabytes(16);

	/**
	 * Centralized sampling served through GetSamplingRules and GetSamplingTargets.
	 */
	private final Sampling sampling = new Sampling();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getBasePath() {
		return this.basePath;
	}

	public void setBasePath(String basePath) {
		this.basePath = basePath;
	}

	public boolean isUdpEnabled() {
		return this.udpEnabled;
	}

	public void setUdpEnabled(boolean udpEnabled) {
		this.udpEnabled = udpEnabled;
	}

	public String getUdpAddress() {
		return this.udpAddress;
	}

	public void setUdpAddress(String udpAddress) {
		this.udpAddress = udpAddress;
	}

	public @Nullable String getRelayAddress() {
		return this.relayAddress;
	}

	public void setRelayAddress(@Nullable String relayAddress) {
		this.relayAddress = relayAddress;
	}

	public boolean isAllowRemote() {
		return this.allowRemote;
	}

	public void setAllowRemote(boolean allowRemote) {
		this.allowRemote = allowRemote;
	}

	public List<String> getAllowedHosts() {
		return this.allowedHosts;
	}

	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts;
	}

	public int getMaxTraces() {
		return this.maxTraces;
	}

	public void setMaxTraces(int maxTraces) {
		this.maxTraces = maxTraces;
	}

	public int getMaxDocumentsPerTrace() {
		return this.maxDocumentsPerTrace;
	}

	public void setMaxDocumentsPerTrace(int maxDocumentsPerTrace) {
		this.maxDocumentsPerTrace = maxDocumentsPerTrace;
	}

	public DataSize getMaxStoreSize() {
		return this.maxStoreSize;
	}

	public void setMaxStoreSize(DataSize maxStoreSize) {
		this.maxStoreSize = maxStoreSize;
	}

	public DataSize getMaxRequestBody() {
		return this.maxRequestBody;
	}

	public void setMaxRequestBody(DataSize maxRequestBody) {
		this.maxRequestBody = maxRequestBody;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
	}

	public DataSize getMaxQueueSize() {
		return this.maxQueueSize;
	}

	public void setMaxQueueSize(DataSize maxQueueSize) {
		this.maxQueueSize = maxQueueSize;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	/**
	 * Sampling properties.
	 */
	public static class Sampling {

		/**
		 * Fixed rate of the 'Default' rule (unless a rule named 'Default' is configured).
		 */
		private double defaultFixedRate = 0.05;

		/**
		 * Reservoir size (requests per second) of the 'Default' rule (unless a rule named
		 * 'Default' is configured).
		 */
		private int defaultReservoirSize = 1;

		/**
		 * Additional sampling rules, served with the 'Default' rule.
		 */
		private List<Rule> rules = new ArrayList<>();

		public double getDefaultFixedRate() {
			return this.defaultFixedRate;
		}

		public void setDefaultFixedRate(double defaultFixedRate) {
			this.defaultFixedRate = defaultFixedRate;
		}

		public int getDefaultReservoirSize() {
			return this.defaultReservoirSize;
		}

		public void setDefaultReservoirSize(int defaultReservoirSize) {
			this.defaultReservoirSize = defaultReservoirSize;
		}

		public List<Rule> getRules() {
			return this.rules;
		}

		public void setRules(List<Rule> rules) {
			this.rules = rules;
		}

	}

	/**
	 * One sampling rule, with GetSamplingRules' fields.
	 */
	public static class Rule {

		/**
		 * Rule name (1 to 32 characters).
		 */
		private @Nullable String name;

		/**
		 * Priority, 1 (evaluated first) to 9999.
		 */
		private int priority = 1000;

		/**
		 * Fraction of requests sampled once the reservoir is used up, 0 to 1.
		 */
		private double fixedRate = 0.05;

		/**
		 * Requests per second sampled before the fixed rate applies, shared among the
		 * clients.
		 */
		private int reservoirSize = 1;

		/**
		 * Service name pattern ('*' and '?' wildcards).
		 */
		private String serviceName = "*";

		/**
		 * Service type (segment origin) pattern.
		 */
		private String serviceType = "*";

		/**
		 * Host header pattern.
		 */
		private String host = "*";

		/**
		 * HTTP method pattern.
		 */
		private String httpMethod = "*";

		/**
		 * URL path pattern.
		 */
		private String urlPath = "*";

		/**
		 * Resource ARN pattern (SDKs only use rules with '*').
		 */
		private String resourceArn = "*";

		/**
		 * Attribute patterns (SDKs ignore rules that have any).
		 */
		private Map<String, String> attributes = new LinkedHashMap<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public int getPriority() {
			return this.priority;
		}

		public void setPriority(int priority) {
			this.priority = priority;
		}

		public double getFixedRate() {
			return this.fixedRate;
		}

		public void setFixedRate(double fixedRate) {
			this.fixedRate = fixedRate;
		}

		public int getReservoirSize() {
			return this.reservoirSize;
		}

		public void setReservoirSize(int reservoirSize) {
			this.reservoirSize = reservoirSize;
		}

		public String getServiceName() {
			return this.serviceName;
		}

		public void setServiceName(String serviceName) {
			this.serviceName = serviceName;
		}

		public String getServiceType() {
			return this.serviceType;
		}

		public void setServiceType(String serviceType) {
			this.serviceType = serviceType;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public String getHttpMethod() {
			return this.httpMethod;
		}

		public void setHttpMethod(String httpMethod) {
			this.httpMethod = httpMethod;
		}

		public String getUrlPath() {
			return this.urlPath;
		}

		public void setUrlPath(String urlPath) {
			this.urlPath = urlPath;
		}

		public String getResourceArn() {
			return this.resourceArn;
		}

		public void setResourceArn(String resourceArn) {
			this.resourceArn = resourceArn;
		}

		public Map<String, String> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, String> attributes) {
			this.attributes = attributes;
		}

	}

}
