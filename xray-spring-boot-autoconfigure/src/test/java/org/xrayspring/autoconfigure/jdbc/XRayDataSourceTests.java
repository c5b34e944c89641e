package org.xrayspring.autoconfigure.jdbc;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.xrayspring.autoconfigure.XRayProperties.Jdbc.RecordSql;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XRayDataSource} itself.
 */
class XRayDataSourceTests {

	@Test
	void closeFailureIsReportedWithoutTheDelegatesToString() {
		AtomicInteger toStringCalls = new AtomicInteger();
		DataSource delegate = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class, AutoCloseable.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "close" -> throw new Exception("pool did not stop");
						case "toString" -> {
							toStringCalls.incrementAndGet();
							throw new IllegalStateException("toString() must not be called");
						}
						default -> throw new UnsupportedOperationException(method.getName());
					}
				});
		XRayDataSource dataSource = new XRayDataSource(delegate, XRayRecorder.builder()::build, () -> RecordSql.NONE);
		assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::close)
			.withMessageContaining(delegate.getClass().getName())
			.havingCause()
			.withMessage("pool did not stop");
		assertThat(toStringCalls).hasValue(0);
	}

}
