package org.xrayspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.core.io.Resource;

import org.xrayspring.recorder.ContextMissingStrategy;
import org.xrayspring.recorder.environment.EnvironmentKind;

/**
 * Configuration properties for AWS X-Ray tracing.
 */
@ConfigurationProperties("xray")
public class XRayProperties {

	/**
	 * Whether X-Ray tracing is enabled. When false nothing is auto-configured and no
	 * socket is opened. AWS_XRAY_SDK_DISABLED=true sets it to false when it is not set
	 * explicitly.
	 */
	private boolean enabled = true;

	/**
	 * Name of this service's segments. Defaults to the AWS_XRAY_TRACING_NAME environment
	 * variable, else 'spring.application.name', else 'application'.
	 */
	private @Nullable String serviceName;

	/**
	 * Version of this service, reported as 'service.version' on every segment.
	 */
	private @Nullable String serviceVersion;

	/**
	 * Address of the X-Ray daemon: 'host:port' or 'udp:host:port tcp:host:port'. Defaults
	 * to the AWS_XRAY_DAEMON_ADDRESS environment variable, else 127.0.0.1:2000.
	 */
	private @Nullable String daemonAddress;

	/**
	 * What explicit calls of the recorder API do when no segment is current: 'log' (count
	 * and log at most once a minute), 'ignore' (count only) or 'fail' (throw).
	 * Instrumentation never throws or logs above debug outside a trace. Defaults to the
	 * AWS_XRAY_CONTEXT_MISSING environment variable (LOG_ERROR, RUNTIME_ERROR or
	 * IGNORE_ERROR), else 'log'.
	 */
	private ContextMissingStrategy contextMissing = ContextMissingStrategy.LOG;

	/**
	 * How long an ended segment waits for subsegments still open under it before it is
	 * sent once with them marked 'in_progress'; its complete document follows when the
	 * last one ends. Zero disables this.
	 */
	private Duration inProgressTimeout = Duration.ofSeconds(30);

	/**
	 * Whether the in-progress timeout was set under this name, which then wins over its
	 * former one.
	 */
	private boolean inProgressTimeoutSet;

	private final Sampling sampling = new Sampling();

	private final Naming naming = new Naming();

	private final Http http = new Http();

	private final Emitter emitter = new Emitter();

	private final Jdbc jdbc = new Jdbc();

	private final Propagation propagation = new Propagation();

	private final Aws aws = new Aws();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getServiceVersion() {
		return this.serviceVersion;
	}

	public void setServiceVersion(@Nullable String serviceVersion) {
		this.serviceVersion = serviceVersion;
	}

	public @Nullable String getDaemonAddress() {
		return this.daemonAddress;
	}

	public void setDaemonAddress(@Nullable String daemonAddress) {
		this.daemonAddress = daemonAddress;
	}

	public ContextMissingStrategy getContextMissing() {
		return this.contextMissing;
	}

	public void setContextMissing(ContextMissingStrategy contextMissing) {
		this.contextMissing = contextMissing;
	}

	public Duration getInProgressTimeout() {
		Duration former = this.emitter.inProgressTimeout;
		return (former != null && !this.inProgressTimeoutSet) ? former : this.inProgressTimeout;
	}

	public void setInProgressTimeout(Duration inProgressTimeout) {
		this.inProgressTimeout = inProgressTimeout;
		this.inProgressTimeoutSet = true;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public Naming getNaming() {
		return this.naming;
	}

	public Http getHttp() {
		return this.http;
	}

	public Emitter getEmitter() {
		return this.emitter;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	public Aws getAws() {
		return this.aws;
	}

	/**
	 * Where the application runs on AWS.
	 */
	public static class Aws {

		/**
		 * Which AWS environment is detected at start-up and reported on every segment as
		 * 'origin' and in its 'aws' object: 'auto' (each whose local evidence is there,
		 * the most specific winning: Elastic Beanstalk, then EKS, then ECS, then EC2),
		 * 'none', or one of 'ec2', 'ecs', 'eks', 'elastic-beanstalk' (read even without
		 * local evidence). Metadata endpoints are read within about one second in all; a
		 * failure leaves the segments without environment and logs one warning.
		 */
		private EnvironmentKind environment = EnvironmentKind.AUTO;

		/**
		 * Name of the EKS cluster, reported as 'aws.eks.cluster_name'. Defaults to the
		 * EKS_CLUSTER_NAME environment variable. Set, it also counts as evidence of EKS
		 * in a pod with a service account.
		 */
		private @Nullable String eksClusterName;

		public EnvironmentKind getEnvironment() {
			return this.environment;
		}

		public void setEnvironment(EnvironmentKind environment) {
			this.environment = environment;
		}

		public @Nullable String getEksClusterName() {
			return this.eksClusterName;
		}

		public void setEksClusterName(@Nullable String eksClusterName) {
			this.eksClusterName = eksClusterName;
		}

	}

	/**
	 * Local sampling.
	 */
	public static class Sampling {

		/**
		 * Requests sampled each second before the rate applies (the default rule's
		 * reservoir).
		 */
		private int fixedTarget = 1;

		/**
		 * Fraction of requests sampled beyond the fixed target, between 0 and 1.
		 */
		private double rate = 0.05;

		/**
		 * Location of a local sampling rules file in the X-Ray JSON format (version 1 or
		 * 2), e.g. 'classpath:xray-sampling-rules.json'. Overrides fixed-target and rate.
		 */
		private @Nullable Resource rules;

		/**
		 * Whether an incoming 'Sampled=1' or 'Sampled=0' in X-Amzn-Trace-Id decides
		 * sampling.
		 */
		private boolean trustUpstream = true;

		/**
		 * Whether sampling rules and quotas come from the X-Ray sampling API
		 * (GetSamplingRules, GetSamplingTargets) at the daemon's TCP address, as in the
		 * AWS X-Ray SDKs. The local rules (fixed-target and rate, or the rules file)
		 * decide until the first rules arrive and whenever the fetched rules have
		 * expired. 'false': only the local rules decide.
		 */
		private boolean centralized = true;

		public int getFixedTarget() {
			return this.fixedTarget;
		}

		public void setFixedTarget(int fixedTarget) {
			this.fixedTarget = fixedTarget;
		}

		public double getRate() {
			return this.rate;
		}

		public void setRate(double rate) {
			this.rate = rate;
		}

		public @Nullable Resource getRules() {
			return this.rules;
		}

		public void setRules(@Nullable Resource rules) {
			this.rules = rules;
		}

		public boolean isTrustUpstream() {
			return this.trustUpstream;
		}

		public void setTrustUpstream(boolean trustUpstream) {
			this.trustUpstream = trustUpstream;
		}

		public boolean isCentralized() {
			return this.centralized;
		}

		public void setCentralized(boolean centralized) {
			this.centralized = centralized;
		}

	}

	/**
	 * Segment naming.
	 */
	public static class Naming {

		/**
		 * Host pattern ('*' and '?' wildcards, case-insensitive) for dynamic naming: a
		 * request whose Host header matches is named after that host, others after the
		 * service name. Unset: every segment is named after the service name.
		 */
		private @Nullable String hostPattern;

		public @Nullable String getHostPattern() {
			return this.hostPattern;
		}

		public void setHostPattern(@Nullable String hostPattern) {
			this.hostPattern = hostPattern;
		}

	}

	/**
	 * Trace context propagation.
	 */
	public static class Propagation {

		/**
		 * Whether W3C Trace Context is accepted and sent beside X-Amzn-Trace-Id, so
		 * traces stay whole across services instrumented with OpenTelemetry. Incoming: a
		 * valid 'traceparent' is joined (trace id 1-<first 8 hex>-<last 24 hex>, parent
		 * span id, sampled flag trusted like 'Sampled=') when X-Amzn-Trace-Id has no
		 * valid Root; X-Amzn-Trace-Id wins when both are valid and disagree; a valid
		 * 'tracestate' of the same trace is kept. Outgoing HTTP client calls send
		 * 'traceparent' and the received 'tracestate'.
		 */
		private boolean w3c = true;

		public boolean isW3c() {
			return this.w3c;
		}

		public void setW3c(boolean w3c) {
			this.w3c = w3c;
		}

	}

	/**
	 * HTTP recording.
	 */
	public static class Http {

		/**
		 * Whether the query string is part of the recorded request URL (it may hold
		 * personal data).
		 */
		private boolean recordQueryString;

		/**
		 * Ant-style patterns ('?', '*', '**') of request paths that are not traced, e.g.
		 * '/actuator/**'. Matched against the path within the application (no context
		 * path, path parameters or query string). An excluded request records nothing: no
		 * segment, no sampling decision, nothing for its outbound calls or SQL, no
		 * X-Amzn-Trace-Id added to its response; its own X-Amzn-Trace-Id reaches the
		 * application unchanged. The embedded console's base path is always excluded when
		 * 'xray.console.enabled' is true.
		 */
		private List<String> excludedPaths = new ArrayList<>();

		public boolean isRecordQueryString() {
			return this.recordQueryString;
		}

		public void setRecordQueryString(boolean recordQueryString) {
			this.recordQueryString = recordQueryString;
		}

		public List<String> getExcludedPaths() {
			return this.excludedPaths;
		}

		public void setExcludedPaths(List<String> excludedPaths) {
			this.excludedPaths = excludedPaths;
		}

	}

	/**
	 * The UDP emitter.
	 */
	public static class Emitter {

		/**
		 * Finished segments that may wait to be sent; more are dropped and counted.
		 */
		private int queueCapacity = 8192;

		/**
		 * Former name of 'xray.in-progress-timeout', which wins when both are set.
		 */
		private Duration inProgressTimeout;

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

		/**
		 * The in-progress timeout set under its former name: it is a setting of the
		 * recorder, not of the emitter.
		 * @return the timeout set under this name, or {@code null}
		 * @deprecated since 0.1.0 for removal in favour of
		 * {@link XRayProperties#getInProgressTimeout()}
		 */
		@Deprecated(since = "0.1.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "xray.in-progress-timeout", since = "0.1.0")
		public Duration getInProgressTimeout() {
			return this.inProgressTimeout;
		}

		/**
		 * Sets the in-progress timeout under its former name.
		 * @param inProgressTimeout the timeout
		 * @deprecated since 0.1.0 for removal in favour of
		 * {@link XRayProperties#setInProgressTimeout(Duration)}
		 */
		@Deprecated(since = "0.1.0", forRemoval = true)
		public void setInProgressTimeout(Duration inProgressTimeout) {
			this.inProgressTimeout = inProgressTimeout;
		}

	}

	/**
	 * JDBC recording.
	 */
	public static class Jdbc {

		/**
		 * How much of each SQL statement is recorded in 'sql.sanitized_query': 'none',
		 * 'sanitized' (string and numeric literals replaced by '?', read in the
		 * database's dialect) or 'raw' (the statement as the application wrote it; it may
		 * hold personal data). The messages of a failed statement's exceptions, which
		 * drivers fill with the statement's values, are recorded only in 'raw' mode;
		 * otherwise a fixed text with the SQLState and error code replaces them.
		 */
		private RecordSql recordSql = RecordSql.SANITIZED;

		public RecordSql getRecordSql() {
			return this.recordSql;
		}

		public void setRecordSql(RecordSql recordSql) {
			this.recordSql = recordSql;
		}

		/**
		 * How SQL statements are recorded.
		 */
		public enum RecordSql {

			/** No query is recorded, nor the messages of its exceptions. */
			NONE,

			/**
			 * The query with string and numeric literals replaced by '?'; the messages of
			 * its exceptions are not recorded.
			 */
			SANITIZED,

			/** The query as written, and the messages of its exceptions. */
			RAW

		}

	}

}
