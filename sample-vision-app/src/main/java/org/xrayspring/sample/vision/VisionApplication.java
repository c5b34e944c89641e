package org.xrayspring.sample.vision;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The sample vision application: a page showing two random images and the labels
 * Rekognition finds in them, traced end to end by the X-Ray starter and shown in the
 * embedded console.
 *
 * @author xray-spring-boot
 */
@SpringBootApplication
@EnableConfigurationProperties(VisionProperties.class)
public class VisionApplication {

	/**
	 * Start the application.
	 * @param args command line arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(VisionApplication.class, args);
	}

}
