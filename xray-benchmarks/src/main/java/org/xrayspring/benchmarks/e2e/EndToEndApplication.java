package org.xrayspring.benchmarks.e2e;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The end-to-end benchmark application. {@code --bench.mode=untraced|floor|aws|starter}
 * chooses what traces it; {@code --bench.daemon-address=127.0.0.1:PORT} is where the
 * tracers (and the floor filter) send datagrams.
 * <p>
 * Endpoints: {@code GET /hello} returns a short string; {@code GET /work} makes one
 * outbound HTTP call (to a JDK {@code HttpServer} this application starts on another
 * loopback port) and one JDBC query on an in-memory H2 database; {@code GET /bench/info}
 * describes what is active (filters, data source, client interceptors, emitter counters),
 * for checking a run.
 */
@SpringBootApplication(proxyBeanMethods = false)
public final class EndToEndApplication {

	/**
	 * Starts the application.
	 * @param args command line arguments, e.g.
	 * {@code --bench.mode=starter --server.port=8085}
	 */
	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(EndToEndApplication.class);
		application.addListeners(new ModePropertiesListener());
		application.run(args);
	}

	/**
	 * Adds the properties the chosen mode implies ({@code xray.enabled} and so on) ahead
	 * of every other source, so that a mode means the same thing in every run.
	 */
	static final class ModePropertiesListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

		@Override
		public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
			ConfigurableEnvironment environment = event.getEnvironment();
			BenchMode mode = BenchMode.of(environment.getProperty("bench.mode"));
			String daemonAddress = environment.getProperty("bench.daemon-address", "127.0.0.1:2000");
			environment.getPropertySources()
				.addFirst(new MapPropertySource("benchMode", mode.properties(daemonAddress)));
		}

	}

}
