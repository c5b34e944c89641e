package org.xrayspring.autoconfigure.jms;

import java.util.UUID;

import org.springframework.boot.artemis.autoconfigure.ArtemisAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jms.autoconfigure.JmsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The JMS test harness: Spring Boot's Artemis and JMS auto-configurations with an
 * embedded, in-VM Artemis broker (no socket, not persistent; each application context
 * starts a server of its own), Boot's {@code JmsTemplate} and the
 * {@code DefaultJmsListenerContainerFactory} that {@code @JmsListener} methods use. The
 * build turns Boot's embedded broker off for the other tests of the module
 * ({@code spring.artemis.embedded.enabled=false}); this runner turns it on.
 */
final class EmbeddedArtemis {

	/**
	 * The property that names each test's queue: {@code @JmsListener(destination =
	 * "${test.queue}")}.
	 */
	static final String QUEUE_PROPERTY = "test.queue";

	private EmbeddedArtemis() {
	}

	/**
	 * A runner with an embedded broker and a queue name of its own.
	 * @return the runner
	 */
	static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ArtemisAutoConfiguration.class, JmsAutoConfiguration.class))
			.withPropertyValues("spring.artemis.mode=embedded", "spring.artemis.embedded.enabled=true",
					"spring.artemis.embedded.persistent=false", QUEUE_PROPERTY + "=" + uniqueQueueName());
	}

	/**
	 * A queue name no other test uses.
	 * @return the name
	 */
	static String uniqueQueueName() {
		return "xray-test-" + UUID.randomUUID();
	}

}
