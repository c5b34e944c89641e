package org.xrayspring.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.xray.strategy.sampling.SamplingResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.xrayspring.recorder.sampling.CentralizedSamplingStrategy;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.recorder.sampling.SamplingOutcome;
import org.xrayspring.recorder.sampling.SamplingRequest;

/**
 * The sampling decision on the request path: this recorder's local rules, its centralized
 * strategy and the AWS X-Ray SDK's {@code CentralizedSamplingStrategy}, with the ten
 * rules of {@code sampling-rules-10.json} (as centralized rules: the same patterns,
 * {@code ReservoirSize} = {@code fixed_target}, {@code FixedRate} = {@code rate}, in file
 * order by priority, plus {@code Default}). The request matches the tenth rule. Both
 * centralized strategies fetch the rules from a sampling API stub on 127.0.0.1 that
 * answers no quota, so they borrow one request a second and apply the rule's fixed rate
 * (1.0); the local strategy takes from the tenth rule's reservoir.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CentralizedSamplingBenchmarks {

	private static final String[][] RULES = { { "r1", "*", "POST", "/api/move/*", "0", "0.05" },
			{ "r2", "*", "GET", "/api/players/*", "1", "0.05" }, { "r3", "admin.*", "*", "*", "0", "0.0" },
			{ "r4", "*", "DELETE", "/api/*", "1", "0.5" }, { "r5", "*", "GET", "/health*", "0", "0.0" },
			{ "r6", "*.internal", "*", "/metrics", "0", "0.0" }, { "r7", "*", "PUT", "/api/sessions/?", "2", "0.1" },
			{ "r8", "*", "GET", "/static/*", "0", "0.01" }, { "r9", "*", "PATCH", "/api/orders/*", "1", "0.05" },
			{ "r10", "shop.example.com", "GET", "/api/orders/*", "1000000", "1.0" } };

	private HttpServer stub;

	private final AtomicInteger rulesServed = new AtomicInteger();

	private LocalSamplingStrategy local;

	private CentralizedSamplingStrategy centralized;

	private com.amazonaws.xray.strategy.sampling.CentralizedSamplingStrategy aws;

	private SamplingRequest request;

	private com.amazonaws.xray.strategy.sampling.SamplingRequest awsRequest;

	@Setup(Level.Trial)
	public void setUp() throws IOException, InterruptedException {
		this.stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.stub.createContext("/", this::answer);
		this.stub.start();
		String address = "127.0.0.1:" + this.stub.getAddress().getPort();
		try (InputStream in = CentralizedSamplingBenchmarks.class.getResourceAsStream(Scenario.RULES_RESOURCE)) {
			this.local = LocalSamplingStrategy.fromJson(in);
		}
		this.request = new SamplingRequest(Scenario.HOST, Scenario.METHOD, Scenario.PATH, "orders");
		this.centralized = CentralizedSamplingStrategy.builder("http://" + address)
			.fallback(LocalSamplingStrategy.of(0, 0.0))
			.build()
			.start();
		// the AWS SDK reads its daemon address from this system property (or
		// AWS_XRAY_DAEMON_ADDRESS)
		System.setProperty("com.amazonaws.xray.emitters.daemonAddress", address);
		this.aws = new com.amazonaws.xray.strategy.sampling.CentralizedSamplingStrategy();
		this.awsRequest = new com.amazonaws.xray.strategy.sampling.SamplingRequest("orders", Scenario.HOST,
				Scenario.PATH, Scenario.METHOD, null);
		this.aws.shouldTrace(this.awsRequest); // starts its pollers
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while ((this.rulesServed.get() < 2 || !"r10".equals(this.centralized.decide(this.request, "").ruleName())
				|| !"r10".equals(this.aws.shouldTrace(this.awsRequest).getRuleName().orElse(null)))
				&& System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		if (!"r10".equals(this.centralized.decide(this.request, "").ruleName())
				|| !"r10".equals(this.aws.shouldTrace(this.awsRequest).getRuleName().orElse(null))) {
			throw new IllegalStateException("The centralized rules did not arrive from the stub");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.centralized.close();
		this.aws.shutdown();
		this.stub.stop(0);
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			String body;
			if (exchange.getRequestURI().getPath().equals("/GetSamplingRules")) {
				this.rulesServed.incrementAndGet();
				body = rules();
			}
			else {
				body = "{\"SamplingTargetDocuments\": [], \"UnprocessedStatistics\": []}";
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	private static String rules() {
		StringBuilder records = new StringBuilder();
		for (int i = 0; i < RULES.length; i++) {
			String[] rule = RULES[i];
			records.append(record(rule[0], i + 1, rule[1], rule[2], rule[3], rule[4], rule[5])).append(',');
		}
		records.append(record("Default", 10000, "*", "*", "*", "1", "0.05"));
		return "{\"SamplingRuleRecords\": [" + records + "]}";
	}

	private static String record(String name, int priority, String host, String method, String path,
			String reservoirSize, String fixedRate) {
		return "{\"SamplingRule\": {\"RuleName\": \"" + name
				+ "\", \"RuleARN\": \"arn:aws:xray:us-east-1:0:sampling-rule/" + name
				+ "\", \"ResourceARN\": \"*\", \"Priority\": " + priority + ", \"FixedRate\": " + fixedRate
				+ ", \"ReservoirSize\": " + reservoirSize + ", \"ServiceName\": \"*\", \"ServiceType\": \"*\", "
				+ "\"Host\": \"" + host + "\", \"HTTPMethod\": \"" + method + "\", \"URLPath\": \"" + path
				+ "\", \"Version\": 1, \"Attributes\": {}}, \"CreatedAt\": 1.7E9, \"ModifiedAt\": 1.7E9}";
	}

	/** This recorder's local rules (the {@code samplingDecisionTenRules} scenario). */
	@Benchmark
	public boolean localDecision() {
		return this.local.shouldTrace(this.request);
	}

	/** This recorder's centralized strategy, as the recorder calls it. */
	@Benchmark
	public SamplingOutcome centralizedDecision() {
		return this.centralized.decide(this.request, "");
	}

	/** The AWS X-Ray SDK for Java's centralized strategy. */
	@Benchmark
	public SamplingResponse awsCentralizedDecision() {
		return this.aws.shouldTrace(this.awsRequest);
	}

}
