package org.xrayspring.autoconfigure.awssdk;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.XRayRecorder;

import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of AWS SDK for Java v2 tracing: installs the
 * {@link XRayAwsSdkInterceptor} bean as the delegate of the SDK's global interceptors
 * while the application context is running, so every client records its calls, however
 * and wherever it was built.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass({ ExecutionInterceptor.class, AwsExecutionAttribute.class })
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.aws-sdk.enabled", matchIfMissing = true)
public final class XRayAwsSdkAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	XRayAwsSdkInterceptor xrayAwsSdkInterceptor(XRayRecorder recorder) {
		return new XRayAwsSdkInterceptor(recorder);
	}

	@Bean
	AwsSdkInterceptorInstallation xrayAwsSdkInterceptorInstallation(XRayAwsSdkInterceptor interceptor) {
		return new AwsSdkInterceptorInstallation(interceptor);
	}

	/**
	 * Installs the interceptor when created and uninstalls it when the context closes.
	 */
	static final class AwsSdkInterceptorInstallation implements InitializingBean, DisposableBean {

		private final XRayAwsSdkInterceptor interceptor;

		AwsSdkInterceptorInstallation(XRayAwsSdkInterceptor interceptor) {
			this.interceptor = interceptor;
		}

		@Override
		public void afterPropertiesSet() {
			XRayAwsSdkInterceptor.install(this.interceptor);
		}

		@Override
		public void destroy() {
			XRayAwsSdkInterceptor.uninstall(this.interceptor);
		}

	}

}
