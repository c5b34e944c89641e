package org.xrayspring.autoconfigure.sqs;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import io.awspring.cloud.sqs.config.AbstractMessageListenerContainerFactory;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.recorder.XRayRecorder;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of SQS consumer tracing: the {@link XRaySqsMessages} bean, the
 * {@link XRaySqsReceiveInterceptor} activated while the context runs, and, with Spring
 * Cloud AWS, the {@link XRaySqsListenerInterceptor} bean its listener container factory
 * applies to every {@code @SqsListener}, also added to listener container factories the
 * application defines itself. Spring Cloud AWS's auto-configuration is ordered after this
 * one by name, so that its factory finds the interceptor bean.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class,
		beforeName = "io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration")
@ConditionalOnClass({ Message.class, ExecutionInterceptor.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.sqs.enabled", matchIfMissing = true)
public final class XRaySqsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	XRaySqsMessages xraySqsMessages(XRayRecorder recorder, XRayProperties properties, Environment environment) {
		return new XRaySqsMessages(recorder, serviceName(properties, environment));
	}

	@Bean
	SqsReceiveInterceptorActivation xraySqsReceiveInterceptorActivation() {
		return new SqsReceiveInterceptorActivation();
	}

	/**
	 * The segment name: {@code xray.service-name}, else {@code spring.application.name},
	 * else {@code application}, as the servlet segment's.
	 */
	static String serviceName(XRayProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getServiceName())) {
			return properties.getServiceName();
		}
		return environment.getProperty("spring.application.name", "application");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MessageInterceptor.class)
	static class SpringCloudAwsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		XRaySqsListenerInterceptor xraySqsListenerInterceptor(XRaySqsMessages messages, XRayRecorder recorder) {
			return new XRaySqsListenerInterceptor(messages, recorder);
		}

		/**
		 * Spring Cloud AWS's auto-configured factory collects the interceptor bean; a
		 * factory the application defines itself gets it here. The interceptor is
		 * idempotent per message, so a factory that has it twice traces once.
		 */
		@Bean
		static BeanPostProcessor xraySqsListenerContainerFactoryPostProcessor(
				ObjectProvider<XRaySqsListenerInterceptor> interceptor) {
			return new BeanPostProcessor() {

				@Override
				@SuppressWarnings({ "unchecked", "rawtypes" })
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof AbstractMessageListenerContainerFactory factory) {
						XRaySqsListenerInterceptor available = interceptor.getIfAvailable();
						if (available != null) {
							factory.addMessageInterceptor((MessageInterceptor) available);
						}
					}
					return bean;
				}

			};
		}

	}

	/**
	 * Activates the receive interceptor when created and deactivates it when the context
	 * closes.
	 */
	static final class SqsReceiveInterceptorActivation implements InitializingBean, DisposableBean {

		@Override
		public void afterPropertiesSet() {
			XRaySqsReceiveInterceptor.activate(this);
		}

		@Override
		public void destroy() {
			XRaySqsReceiveInterceptor.deactivate(this);
		}

	}

}
