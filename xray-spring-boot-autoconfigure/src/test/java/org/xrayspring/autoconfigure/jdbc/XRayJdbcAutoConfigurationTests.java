package org.xrayspring.autoconfigure.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import org.xrayspring.autoconfigure.XRayAutoConfiguration;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.XRayDocuments;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link XRayJdbcAutoConfiguration}.
 */
class XRayJdbcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class, DataSourceAutoConfiguration.class,
				XRayJdbcAutoConfiguration.class))
		.withBean(Emitter.class, InMemoryEmitter::new)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig;DB_CLOSE_DELAY=-1", "xray.sampling.rate=1");

	@Test
	void wrapsBootsPoolOnceAndClosesItWithTheContext() {
		HikariDataSource[] pool = new HikariDataSource[1];
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(XRayDataSourceBeanPostProcessor.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(XRayDataSource.class);
			assertThat(((XRayDataSource) dataSource).getDelegate()).isInstanceOf(HikariDataSource.class);
			assertThat(dataSource.unwrap(XRayDataSource.class)).isSameAs(dataSource);
			assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
			pool[0] = dataSource.unwrap(HikariDataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				assertThat(Proxy.isProxyClass(connection.getClass())).isTrue();
				assertThat(connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
				assertThat(connection.unwrap(org.h2.jdbc.JdbcConnection.class)).isNotNull();
				assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
			}
		});
		assertThat(pool[0].isClosed()).isTrue();
	}

	@Test
	void backsOffWithoutJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSource.class))
			.run((context) -> assertThat(context).doesNotHaveBean(XRayDataSourceBeanPostProcessor.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("xray.instrumentation.jdbc.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRayDataSourceBeanPostProcessor.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void backsOffWhenXRayIsDisabled() {
		this.runner.withPropertyValues("xray.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(XRayRecorder.class);
			assertThat(context).doesNotHaveBean(XRayDataSourceBeanPostProcessor.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		});
	}

	@Test
	void leavesRoutingDataSourcesAlone() {
		this.runner.withUserConfiguration(RoutingConfiguration.class).run((context) -> {
			assertThat(context.getBean("routing")).isInstanceOf(AbstractRoutingDataSource.class);
			assertThat(context.getBean("plain")).isInstanceOf(XRayDataSource.class);
		});
	}

	@Test
	void userDataSourceThatAlreadyWrapsATracedOneIsLeftAlone() {
		this.runner.withUserConfiguration(AlreadyWrappedConfiguration.class).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(DelegatingDataSource.class);
			assertThat(((DelegatingDataSource) dataSource).getTargetDataSource()).isInstanceOf(XRayDataSource.class);
		});
	}

	@Test
	void dataSourceWithAnotherDestroyMethodIsLeftAlone() {
		this.runner.withUserConfiguration(ShutdownMethodConfiguration.class)
			.run((context) -> assertThat(context.getBean(DataSource.class)).isInstanceOf(ShutdownDataSource.class));
	}

	@Test
	void connectionMetadataIsReadOncePerPool() {
		AtomicInteger metadataReads = new AtomicInteger();
		this.runner.withBean("dataSource", DataSource.class, () -> countingDataSource(metadataReads)).run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(XRayDataSource.class);
			recorder.beginSegment("metadata");
			for (int i = 0; i < 5; i++) {
				try (Connection connection = dataSource.getConnection();
						Statement statement = connection.createStatement()) {
					statement.execute("select 1");
				}
			}
			recorder.endSegment();
			assertThat(metadataReads).hasValue(1);
			var segment = context.getBean(InMemoryEmitter.class).validDocuments().get(0);
			assertThat(XRayDocuments.named(segment, "COUNTING@localhost")).hasSize(5);
		});
	}

	/** An H2 data source whose connections count {@code getMetaData()} calls. */
	private static DataSource countingDataSource(AtomicInteger metadataReads) {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:counting;DB_CLOSE_DELAY=-1");
		return new DelegatingDataSource(h2) {

			@Override
			public Connection getConnection() throws java.sql.SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							if (method.getName().equals("getMetaData")) {
								metadataReads.incrementAndGet();
							}
							try {
								return method.invoke(connection, args);
							}
							catch (java.lang.reflect.InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class RoutingConfiguration {

		@Bean
		DataSource plain() {
			JdbcDataSource h2 = new JdbcDataSource();
			h2.setURL("jdbc:h2:mem:plain");
			return h2;
		}

		@Bean
		DataSource routing() {
			AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {

				@Override
				protected Object determineCurrentLookupKey() {
					return "plain";
				}

			};
			JdbcDataSource h2 = new JdbcDataSource();
			h2.setURL("jdbc:h2:mem:routed");
			routing.setTargetDataSources(Map.of("plain", h2));
			routing.afterPropertiesSet();
			return routing;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AlreadyWrappedConfiguration {

		@Bean
		DataSource dataSource() {
			JdbcDataSource h2 = new JdbcDataSource();
			h2.setURL("jdbc:h2:mem:wrapped");
			return new DelegatingDataSource(new XRayDataSource(h2, () -> null, () -> null));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ShutdownMethodConfiguration {

		@Bean(destroyMethod = "shutdown")
		ShutdownDataSource dataSource() {
			return new ShutdownDataSource();
		}

	}

	static class ShutdownDataSource extends DelegatingDataSource {

		ShutdownDataSource() {
			JdbcDataSource h2 = new JdbcDataSource();
			h2.setURL("jdbc:h2:mem:shutdown");
			setTargetDataSource(h2);
		}

		public void shutdown() {
		}

	}

}
