package org.xrayspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.jdbc.XRayJdbcAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;

/**
 * One prepared query on H2 inside a sampled segment, through the data source as the
 * starter leaves it ({@code traced}: wrapped by the JDBC auto-configuration) and without
 * tracing ({@code plain}: the same H2 data source, not wrapped). Both begin and end the
 * same segment, so the difference is what the JDBC instrumentation costs per statement:
 * the statement proxy, the calls through it, and one {@code sql} subsegment with the
 * sanitized query. The data source comes from the auto-configuration itself, so the
 * benchmark measures whatever proxies the starter uses; it compared the hand-written ones
 * with {@code net.ttddyy:datasource-proxy} (see BENCHMARKS.md).
 * <p>
 * Each iteration also prints the benchmark thread's CPU time per operation
 * ({@code cpu ns/op}): on a shared machine the wall-clock score mostly measures how long
 * the thread waited for a core, CPU time what the work cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcBenchmarks {

	@Param({ "plain", "traced" })
	public String dataSource;

	private ConfigurableApplicationContext context;

	private XRayRecorder recorder;

	private Connection connection;

	private int id;

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private long iterationCpuStart;

	private long iterationOperations;

	@Setup(Level.Trial)
	public void setUp() throws SQLException {
		this.context = new SpringApplicationBuilder(JdbcBenchmarkConfiguration.class).web(WebApplicationType.NONE)
			.properties(Map.of("xray.instrumentation.jdbc.enabled", "traced".equals(this.dataSource),
					"xray.aws.environment", "none", "spring.main.banner-mode", "off", "logging.level.root", "warn"))
			.run();
		this.recorder = this.context.getBean(XRayRecorder.class);
		// one connection for the whole run, as a pool hands out the same few
		this.connection = this.context.getBean(DataSource.class).getConnection();
		try (Statement statement = this.connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS item (id INT PRIMARY KEY, name VARCHAR(64))");
			for (int i = 0; i < 16; i++) {
				statement.execute("MERGE INTO item VALUES (" + i + ", 'item-" + i + "')");
			}
		}
	}

	@Setup(Level.Iteration)
	public void startIteration() {
		this.iterationOperations = 0;
		this.iterationCpuStart = this.threads.getCurrentThreadCpuTime();
	}

	@TearDown(Level.Iteration)
	public void endIteration() {
		long cpu = this.threads.getCurrentThreadCpuTime() - this.iterationCpuStart;
		System.out.printf("cpu ns/op %s %.0f%n", this.dataSource, (double) cpu / Math.max(1, this.iterationOperations));
	}

	@TearDown(Level.Trial)
	public void tearDown() throws SQLException {
		this.connection.close();
		this.context.close();
	}

	@Benchmark
	public String preparedQueryInASegment() throws SQLException {
		this.iterationOperations++;
		this.recorder.beginSegment("orders");
		try (PreparedStatement statement = this.connection
			.prepareStatement("SELECT name FROM item WHERE id = ? AND name <> 'none'")) {
			statement.setInt(1, this.id++ & 15);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
		finally {
			this.recorder.endSegment();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ XRayAutoConfiguration.class, XRayJdbcAutoConfiguration.class })
	static class JdbcBenchmarkConfiguration {

		@Bean
		Emitter emitter() {
			return Emitter.noop();
		}

		@Bean
		SamplingStrategy samplingStrategy() {
			return SamplingStrategy.always();
		}

		@Bean
		DataSource dataSource() {
			JdbcDataSource dataSource = new JdbcDataSource();
			dataSource.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
			return dataSource;
		}

	}

}
