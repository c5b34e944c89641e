package org.xrayspring.autoconfigure.jms;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jms.config.JmsListenerEndpointRegistry;
import org.springframework.jms.listener.AbstractMessageListenerContainer;
import org.springframework.jms.listener.MessageListenerContainer;

import org.xrayspring.recorder.XRayRecorder;

/**
 * Gives every JMS listener container, those that {@code @JmsListener} methods run in
 * (held by the {@link JmsListenerEndpointRegistry}) and those declared as beans, an
 * {@link XRayJmsErrorHandler} around its own error handler, so that an exception a
 * listener throws is recorded on the message's segment. Runs in the lifecycle phase just
 * before the containers start. Containers registered after the application context has
 * started are not covered.
 */
final class XRayJmsListenerErrorRecording implements SmartLifecycle {

	private final ListableBeanFactory beanFactory;

	private final XRayRecorder recorder;

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private volatile boolean running;

	XRayJmsListenerErrorRecording(ListableBeanFactory beanFactory, XRayRecorder recorder,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		this.beanFactory = beanFactory;
		this.recorder = recorder;
		this.observationRegistry = observationRegistry;
	}

	@Override
	public void start() {
		ObservationRegistry registry = this.observationRegistry.getIfUnique();
		if (registry == null) {
			// without a registry, Spring JMS observes nothing
			this.running = true;
			return;
		}
		for (MessageListenerContainer container : containers()) {
			if (container instanceof AbstractMessageListenerContainer listenerContainer
					&& !(listenerContainer.getErrorHandler() instanceof XRayJmsErrorHandler)) {
				listenerContainer.setErrorHandler(new XRayJmsErrorHandler(listenerContainer.getErrorHandler(),
						this.recorder, registry, LogFactory.getLog(listenerContainer.getClass())));
			}
		}
		this.running = true;
	}

	private List<MessageListenerContainer> containers() {
		List<MessageListenerContainer> containers = new ArrayList<>();
		for (JmsListenerEndpointRegistry registry : this.beanFactory
			.getBeansOfType(JmsListenerEndpointRegistry.class, false, false)
			.values()) {
			containers.addAll(registry.getListenerContainers());
		}
		containers
			.addAll(this.beanFactory.getBeansOfType(AbstractMessageListenerContainer.class, false, false).values());
		return containers;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Just before the earliest phase of the listener containers and their registries (all
	 * {@link SmartLifecycle#DEFAULT_PHASE} unless configured otherwise).
	 */
	@Override
	public int getPhase() {
		int earliest = Integer.MAX_VALUE;
		for (JmsListenerEndpointRegistry registry : this.beanFactory
			.getBeansOfType(JmsListenerEndpointRegistry.class, false, false)
			.values()) {
			earliest = Math.min(earliest, registry.getPhase());
		}
		for (AbstractMessageListenerContainer container : this.beanFactory
			.getBeansOfType(AbstractMessageListenerContainer.class, false, false)
			.values()) {
			earliest = Math.min(earliest, container.getPhase());
		}
		return (earliest == Integer.MIN_VALUE) ? earliest : earliest - 1;
	}

}
