package org.xrayspring.autoconfigure.jdbc;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.autoconfigure.XRayProperties;
import org.xrayspring.autoconfigure.XRayProperties.Jdbc.RecordSql;
import org.xrayspring.recorder.XRayRecorder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of JDBC tracing: every {@link DataSource} bean, Boot's own pool
 * included, is wrapped so that each statement execution inside a trace is recorded as a
 * subsegment named {@code <database>@<host>} with the {@code sql} fields.
 */
@AutoConfiguration(after = XRayAutoConfiguration.class)
@ConditionalOnClass(DataSource.class)
@ConditionalOnBean(XRayRecorder.class)
@ConditionalOnBooleanProperty(name = "xray.instrumentation.jdbc.enabled", matchIfMissing = true)
public final class XRayJdbcAutoConfiguration {

	/**
	 * Static, with lazily resolved dependencies, so that registering the post-processor
	 * early neither creates the recorder early nor keeps other beans from being
	 * post-processed.
	 * @param recorder the recorder
	 * @param properties the properties
	 * @return the post-processor
	 */
	@Bean
	static XRayDataSourceBeanPostProcessor xrayDataSourceBeanPostProcessor(ObjectProvider<XRayRecorder> recorder,
			ObjectProvider<XRayProperties> properties) {
		return new XRayDataSourceBeanPostProcessor(SingletonSupplier.of(recorder::getIfAvailable),
				SingletonSupplier.of(() -> recordSql(properties.getIfAvailable())));
	}

	private static RecordSql recordSql(XRayProperties properties) {
		return (properties != null) ? properties.getJdbc().getRecordSql() : RecordSql.SANITIZED;
	}

}
