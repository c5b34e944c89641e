package org.xrayspring.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorder;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.config.DaemonConfiguration;
import com.amazonaws.xray.emitters.Emitter;
import com.amazonaws.xray.jakarta.servlet.AWSXRayServletFilter;
import com.amazonaws.xray.proxies.apache.http.HttpClientBuilder;
import com.amazonaws.xray.strategy.jakarta.SegmentNamingStrategy;
import com.amazonaws.xray.strategy.sampling.AllSamplingStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;

import org.xrayspring.recorder.XRayRecorder;

/**
 * The beans of each mode. Filters are registered at the order of the starter's own
 * filter, so that every tracer wraps the same work.
 */
@Configuration(proxyBeanMethods = false)
class BenchConfiguration {

	/** The order of {@code XRayServletAutoConfiguration.FILTER_ORDER}. */
	static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	/**
	 * Connections per route of both outbound clients: more than wrk's 8, so no request
	 * waits for one.
	 */
	static final int MAX_CONNECTIONS = 32;

	@Bean(destroyMethod = "close")
	DownstreamServer downstreamServer() throws IOException {
		return new DownstreamServer(4);
	}

	static InetSocketAddress daemonAddress(String address) {
		int colon = address.lastIndexOf(':');
		return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.backends", havingValue = "spring")
	static class SpringBackendsConfiguration {

		@Bean(destroyMethod = "close")
		CloseableHttpClient benchHttpClient5() {
			return HttpClients.custom()
				.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
					.setMaxConnPerRoute(MAX_CONNECTIONS)
					.setMaxConnTotal(MAX_CONNECTIONS)
					.build())
				.build();
		}

		@Bean
		SpringBackends springBackends(RestClient.Builder builder, CloseableHttpClient benchHttpClient5,
				DownstreamServer downstream, DataSource dataSource, ObjectProvider<XRayRecorder> recorder) {
			return new SpringBackends(builder, benchHttpClient5, downstream, dataSource, recorder.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.mode", havingValue = "floor")
	static class FloorConfiguration {

		@Bean(destroyMethod = "close")
		FloorFilter floorFilter(@Value("${bench.daemon-address}") String daemonAddress) throws IOException {
			return new FloorFilter(daemonAddress(daemonAddress));
		}

		@Bean
		FilterRegistrationBean<FloorFilter> floorFilterRegistration(FloorFilter floorFilter) {
			FilterRegistrationBean<FloorFilter> registration = new FilterRegistrationBean<>(floorFilter);
			registration.setOrder(FILTER_ORDER);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.mode", havingValue = "aws")
	static class AwsSdkConfiguration {

		/**
		 * The AWS SDK's recorder as its documentation sets it up, sampling every request
		 * and emitting to the daemon address; also made the global recorder, which some
		 * of the SDK's parts use. {@code bench.aws.fast-ids=true} swaps its default
		 * secure-random ids for its fast ones.
		 */
		@Bean
		AWSXRayRecorder awsXRayRecorder(@Value("${bench.daemon-address}") String daemonAddress,
				@Value("${bench.aws.fast-ids:false}") boolean fastIds) throws IOException {
			DaemonConfiguration daemon = new DaemonConfiguration();
			daemon.setDaemonAddress(daemonAddress);
			AWSXRayRecorderBuilder builder = AWSXRayRecorderBuilder.standard()
				.withSamplingStrategy(new AllSamplingStrategy())
				.withEmitter(Emitter.create(daemon));
			if (fastIds) {
				builder.withFastIdGenerator();
			}
			AWSXRayRecorder recorder = builder.build();
			AWSXRay.setGlobalRecorder(recorder);
			return recorder;
		}

		@Bean
		FilterRegistrationBean<AWSXRayServletFilter> awsXRayServletFilter(AWSXRayRecorder recorder) {
			AWSXRayServletFilter filter = new AWSXRayServletFilter(SegmentNamingStrategy.fixed("e2e"), recorder);
			FilterRegistrationBean<AWSXRayServletFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setOrder(FILTER_ORDER);
			return registration;
		}

		@Bean(destroyMethod = "close")
		org.apache.http.impl.client.CloseableHttpClient awsTracedHttpClient(AWSXRayRecorder recorder) {
			return HttpClientBuilder.create()
				.setRecorder(recorder)
				.setMaxConnPerRoute(MAX_CONNECTIONS)
				.setMaxConnTotal(MAX_CONNECTIONS)
				.build();
		}

		@Bean
		AwsSdkBackends awsSdkBackends(AWSXRayRecorder recorder,
				org.apache.http.impl.client.CloseableHttpClient awsTracedHttpClient, DownstreamServer downstream,
				DataSource dataSource) throws SQLException {
			return new AwsSdkBackends(recorder, awsTracedHttpClient, downstream, dataSource);
		}

	}

}
