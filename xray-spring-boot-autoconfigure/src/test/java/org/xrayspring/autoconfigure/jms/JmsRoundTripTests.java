package org.xrayspring.autoconfigure.jms;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.annotation.JmsListener;
import org.springframework.jms.core.JmsTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test harness on its own, without tracing: a message sent with Boot's
 * {@link JmsTemplate} reaches an {@code @JmsListener} through the embedded broker.
 */
class JmsRoundTripTests {

	@Test
	void messageSentWithJmsTemplateReachesTheListener() {
		EmbeddedArtemis.runner().withUserConfiguration(ListenerConfiguration.class).run((context) -> {
			String queue = context.getEnvironment().getProperty(EmbeddedArtemis.QUEUE_PROPERTY);
			context.getBean(JmsTemplate.class).convertAndSend(queue, "order 42");
			assertThat(context.getBean(Inbox.class).messages.poll(30, TimeUnit.SECONDS)).isEqualTo("order 42");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		Inbox inbox() {
			return new Inbox();
		}

	}

	static class Inbox {

		final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

		@JmsListener(destination = "${" + EmbeddedArtemis.QUEUE_PROPERTY + "}")
		void receive(String message) {
			this.messages.add(message);
		}

	}

}
