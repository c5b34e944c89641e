package org.xrayspring.autoconfigure.w3c;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.MDC;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Our service: a Boot servlet application with the starter's auto-configuration whose
 * {@code /ours} calls the OpenTelemetry service back through the auto-configured
 * {@code RestClient.Builder}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(W3CTestApplication.OursController.class)
class W3CTestApplication {

	/** The MDC's {@code traceId} while the last {@code /ours} request was handled. */
	static final AtomicReference<String> mdcTraceId = new AtomicReference<>();

	@RestController
	static class OursController {

		private final RestClient client;

		private final String callbackUrl;

		OursController(RestClient.Builder builder, @Value("${otel.callback-url}") String callbackUrl) {
			this.client = builder.build();
			this.callbackUrl = callbackUrl;
		}

		@GetMapping("/ours")
		String ours() {
			mdcTraceId.set(MDC.get("traceId"));
			return this.client.get().uri(this.callbackUrl).retrieve().body(String.class);
		}

	}

}
