package org.xrayspring.autoconfigure.jms;

import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

import org.jspecify.annotations.Nullable;

/**
 * The destination of a JMS observation: the queue or topic name of its message's
 * {@code JMSDestination}. The provider sets it on a message when sending it, so a message
 * that is being sent for the first time has none yet when the send starts.
 */
final class JmsDestinations {

	private JmsDestinations() {
	}

	/**
	 * The queue or topic name of the observation's message.
	 * @param context the observation context
	 * @return the name, or {@code null} when the message has no (named) destination
	 */
	static @Nullable String of(Observation.Context context) {
		Object carrier = null;
		if (context instanceof SenderContext<?> sender) {
			carrier = sender.getCarrier();
		}
		else if (context instanceof ReceiverContext<?> receiver) {
			carrier = receiver.getCarrier();
		}
		return (carrier instanceof Message message) ? name(message) : null;
	}

	private static @Nullable String name(Message message) {
		try {
			Destination destination = message.getJMSDestination();
			if (destination instanceof Queue queue) {
				return queue.getQueueName();
			}
			if (destination instanceof Topic topic) {
				return topic.getTopicName();
			}
			return null;
		}
		catch (JMSException | RuntimeException ex) {
			// some providers throw other exceptions than JMSException
			return null;
		}
	}

}
