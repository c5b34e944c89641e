package org.xrayspring.benchmarks.e2e;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import org.jspecify.annotations.Nullable;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

/**
 * The backends of the untraced, floor and starter modes: a {@link RestClient} built from
 * Boot's {@code RestClient.Builder} (so that the starter's customizer adds its
 * interceptor) over Apache HttpClient 5, and a {@link JdbcTemplate} on Boot's
 * {@link DataSource} bean (which the starter wraps). Without the starter's HTTP client
 * and JDBC instrumentation on the class path both simply run untraced.
 */
final class SpringBackends implements Backends {

	private final RestClient restClient;

	private final JdbcTemplate jdbcTemplate;

	private final List<String> interceptors = new ArrayList<>();

	private final String dataSourceType;

	private final @Nullable XRayRecorder recorder;

	SpringBackends(RestClient.Builder builder, CloseableHttpClient httpClient, DownstreamServer downstream,
			DataSource dataSource, @Nullable XRayRecorder recorder) {
		this.recorder = recorder;
		this.restClient = builder.baseUrl(downstream.uri())
			.requestFactory(new HttpComponentsClientHttpRequestFactory(httpClient))
			.requestInterceptors((list) -> list.forEach((each) -> this.interceptors.add(each.getClass().getName())))
			.build();
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.dataSourceType = dataSource.getClass().getName();
	}

	@Override
	public @Nullable String callDownstream() {
		return this.restClient.get().retrieve().body(String.class);
	}

	@Override
	public @Nullable String queryDatabase(int id) {
		return this.jdbcTemplate.queryForObject(DatabaseSchema.QUERY, String.class, id);
	}

	@Override
	public long steps(int count) {
		XRayRecorder recorder = this.recorder;
		long sum = 0;
		for (int i = 0; i < count; i++) {
			if (recorder == null) {
				sum += Step.work(i);
				continue;
			}
			Subsegment subsegment = recorder.beginSubsegment(Step.NAME);
			try {
				sum += Step.work(i);
			}
			finally {
				subsegment.end();
			}
		}
		return sum;
	}

	@Override
	public String describe() {
		return "RestClient (Apache HttpClient 5) interceptors=" + this.interceptors + "; JdbcTemplate on "
				+ this.dataSourceType + "; steps " + ((this.recorder != null) ? "in starter subsegments" : "untraced");
	}

}
