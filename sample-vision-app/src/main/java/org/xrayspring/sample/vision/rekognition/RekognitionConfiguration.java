package org.xrayspring.sample.vision.rekognition;

import java.net.URI;
import java.time.Duration;

import org.xrayspring.sample.vision.VisionProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.RekognitionClientBuilder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * The {@link RekognitionClient}: against the local DetectLabels endpoint with dummy
 * credentials in local mode, against Amazon Rekognition with the default credentials
 * chain and region in aws mode. Nothing here is about tracing: the X-Ray SDK interceptor
 * is registered globally and applies to every client.
 *
 * @author xray-spring-boot
 */
@Configuration(proxyBeanMethods = false)
class RekognitionConfiguration {

	// Lazy: the local endpoint's port is only known once the web server has started.
	@Bean(destroyMethod = "close")
	@Lazy
	@ConditionalOnMissingBean
	RekognitionClient rekognitionClient(VisionProperties properties, Environment environment) {
		VisionProperties.Rekognition rekognition = properties.getRekognition();
		RekognitionClientBuilder builder = RekognitionClient.builder()
			.httpClientBuilder(UrlConnectionHttpClient.builder()
				.connectionTimeout(Duration.ofSeconds(5))
				.socketTimeout(Duration.ofSeconds(30)));
		URI endpoint = rekognition.getEndpoint();
		String region = rekognition.getRegion();
		if (rekognition.getMode() == VisionProperties.Mode.LOCAL) {
			if (endpoint == null) {
				String port = environment.getProperty("local.server.port",
						environment.getProperty("server.port", "8080"));
				endpoint = URI.create("http://127.0.0.1:" + port + LocalRekognitionController.PATH);
			}
			builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
				.region(Region.of((region != null) ? region : "us-east-1"));
		}
		else if (region != null) {
			builder.region(Region.of(region));
		}
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

}
