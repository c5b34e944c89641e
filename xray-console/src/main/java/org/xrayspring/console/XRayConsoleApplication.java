package org.xrayspring.console;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The standalone X-Ray console: the daemon's UDP receiver on {@code 127.0.0.1:2000} and
 * the UI and X-Ray API at the root of {@code http://127.0.0.1:2000/}, the daemon's own
 * addresses, so SDKs need no configuration. Every default can be overridden with the
 * usual Boot means ({@code --server.port=...}, {@code --xray.console.*}).
 *
 * @author xray-spring-boot
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class XRayConsoleApplication {

	/**
	 * Defaults of the standalone console, lower in precedence than any other property
	 * source.
	 */
	static final Map<String, Object> DEFAULTS = Map.of("xray.console.enabled", "true", "xray.console.base-path", "",
			"server.address", "127.0.0.1", "server.port", "2000", "spring.main.banner-mode", "off",
			"spring.application.name", "xray-console");

	/**
	 * Run the console.
	 * @param args command-line arguments, for example {@code --server.port=2001}
	 */
	public static void main(String[] args) {
		new SpringApplicationBuilder(XRayConsoleApplication.class).properties(DEFAULTS).run(args);
	}

}
