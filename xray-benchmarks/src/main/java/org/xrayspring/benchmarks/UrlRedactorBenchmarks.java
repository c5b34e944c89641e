package org.xrayspring.benchmarks;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.xrayspring.recorder.url.UrlRedactor;

/**
 * The per-request cost of redacting recorded URLs: the servlet filter and the HTTP client
 * instrumentation call {@link UrlRedactor#redact(String)} once per traced request (JDBC
 * once per pool).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UrlRedactorBenchmarks {

	// fields, not constants, so that the JIT cannot fold the work away
	private String plainUrl = "https://shop.example.com/api/orders/42";

	private String queryUrl = "https://shop.example.com/api/orders?page=2&size=20&sort=date";

	private String secretsUrl = "https://shop.example.com/api/orders;jsessionid=8F2A0C9B1E?page=2"
			+ "&access_token=eyJhbGciOiJIUzI1NiJ9&X-Amz-Signature=0123456789abcdef";

	private String jdbcUrl = "jdbc:sqlserver://db.example.com:1433;databaseName=orders;user=app;password=hunter2;"
			+ "encrypt=true";

	/** An inbound request without query string: the fast path, no allocation. */
	@Benchmark
	public @Nullable String plainUrl() {
		return UrlRedactor.redact(this.plainUrl);
	}

	/** A recorded query string without secrets: scanned, nothing copied. */
	@Benchmark
	public @Nullable String queryWithoutSecrets() {
		return UrlRedactor.redact(this.queryUrl);
	}

	/** A path parameter and two secret query parameters. */
	@Benchmark
	public @Nullable String pathParameterAndSecrets() {
		return UrlRedactor.redact(this.secretsUrl);
	}

	@Benchmark
	public @Nullable String jdbcUrlWithPassword() {
		return UrlRedactor.redact(this.jdbcUrl);
	}

}
