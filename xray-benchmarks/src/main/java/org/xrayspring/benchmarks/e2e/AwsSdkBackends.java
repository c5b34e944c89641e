package org.xrayspring.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.entities.Namespace;
import com.amazonaws.xray.entities.Subsegment;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The backends of the {@code aws} mode, traced with the AWS X-Ray SDK for Java: the
 * outbound call through the SDK's own Apache HttpClient 4
 * ({@code com.amazonaws.xray.proxies.apache.http.HttpClientBuilder}), the query in an SQL
 * subsegment recorded by hand with the fields {@code aws-xray-recorder-sdk-sql}'s
 * {@code TracingStatement} records (that artifact is not on Maven Central in 2.21.0). The
 * database facts are read once, at start-up.
 */
final class AwsSdkBackends implements Backends {

	private final AWSXRayRecorder recorder;

	private final CloseableHttpClient httpClient;

	private final URI downstream;

	private final JdbcTemplate jdbcTemplate;

	private final String subsegmentName;

	private final Map<String, Object> sqlFacts;

	AwsSdkBackends(AWSXRayRecorder recorder, CloseableHttpClient httpClient, DownstreamServer downstream,
			DataSource dataSource) throws SQLException {
		this.recorder = recorder;
		this.httpClient = httpClient;
		this.downstream = downstream.uri();
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		try (Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			String url = metaData.getURL();
			Map<String, Object> facts = new LinkedHashMap<>();
			facts.put("url", url);
			facts.put("user", metaData.getUserName());
			facts.put("driver_version", metaData.getDriverVersion());
			facts.put("database_type", metaData.getDatabaseProductName());
			facts.put("database_version", metaData.getDatabaseProductVersion());
			facts.put("preparation", "prepared");
			facts.put("sanitized_query", DatabaseSchema.QUERY);
			this.sqlFacts = Map.copyOf(facts);
			this.subsegmentName = connection.getCatalog() + "@" + url;
		}
	}

	@Override
	public String callDownstream() {
		HttpGet get = new HttpGet(this.downstream);
		try (CloseableHttpResponse response = this.httpClient.execute(get)) {
			return EntityUtils.toString(response.getEntity());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public @Nullable String queryDatabase(int id) {
		Subsegment subsegment = this.recorder.beginSubsegment(this.subsegmentName);
		try {
			subsegment.setNamespace(Namespace.REMOTE.toString());
			subsegment.putAllSql(this.sqlFacts);
			return this.jdbcTemplate.queryForObject(DatabaseSchema.QUERY, String.class, id);
		}
		catch (RuntimeException ex) {
			subsegment.addException(ex);
			throw ex;
		}
		finally {
			this.recorder.endSubsegment();
		}
	}

	@Override
	public long steps(int count) {
		long sum = 0;
		for (int i = 0; i < count; i++) {
			this.recorder.beginSubsegment(Step.NAME);
			try {
				sum += Step.work(i);
			}
			finally {
				this.recorder.endSubsegment();
			}
		}
		return sum;
	}

	@Override
	public String describe() {
		return "AWS X-Ray SDK Apache HttpClient 4 (" + this.httpClient.getClass().getName()
				+ "); JdbcTemplate in a hand-made AWS SQL subsegment '" + this.subsegmentName
				+ "'; steps in AWS SDK subsegments (beginSubsegment/endSubsegment)";
	}

}
