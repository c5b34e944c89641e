package org.xrayspring.autoconfigure.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKey;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.xrayspring.autoconfigure.XRayProperties.Jdbc.RecordSql;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * A {@link DataSource} that hands out traced connections. A hand-written class rather
 * than a proxy because it is small, because it must expose {@code close()} for the pool's
 * destroy method, and because it makes an already wrapped data source recognizable.
 * <p>
 * {@link #unwrap(Class)} and {@link #isWrapperFor(Class)} see through it, so a wrapped
 * HikariCP pool still unwraps to {@code HikariDataSource} for Boot's metrics, health and
 * JMX support.
 */
final class XRayDataSource implements DataSource, AutoCloseable {

	private static final ThrottledLogger logger = new ThrottledLogger(XRayDataSource.class.getName(), 60_000);

	private final DataSource delegate;

	private final Supplier<XRayRecorder> recorder;

	private final Supplier<RecordSql> recordSql;

	/**
	 * Read once from the first connection used inside a trace; see
	 * {@link #databaseInfo(Connection)}.
	 */
	private volatile @Nullable DatabaseInfo databaseInfo;

	/**
	 * How the database reads SQL, set with {@link #databaseInfo} and from its product
	 * name.
	 */
	private volatile @Nullable SqlDialect sqlDialect;

	XRayDataSource(DataSource delegate, Supplier<XRayRecorder> recorder, Supplier<RecordSql> recordSql) {
		this.delegate = delegate;
		this.recorder = recorder;
		this.recordSql = recordSql;
	}

	DataSource getDelegate() {
		return this.delegate;
	}

	XRayRecorder recorder() {
		return this.recorder.get();
	}

	RecordSql recordSql() {
		RecordSql mode = this.recordSql.get();
		return (mode != null) ? mode : RecordSql.SANITIZED;
	}

	/**
	 * The database's description, read from the given connection's metadata the first
	 * time and cached for the life of the pool (a pool talks to one database). A failure
	 * is cached as well, so a broken driver costs one attempt, not one per statement.
	 */
	DatabaseInfo databaseInfo(Connection connection) {
		DatabaseInfo info = this.databaseInfo;
		if (info == null) {
			try {
				info = DatabaseInfo.read(connection);
			}
			catch (SQLException | RuntimeException ex) {
				logger.warnThrottled("X-Ray could not read the database metadata; SQL subsegments are named "
						+ DatabaseInfo.UNKNOWN.name(), ex);
				info = DatabaseInfo.UNKNOWN;
			}
			// before databaseInfo, which callers read first
			this.sqlDialect = SqlDialect.of(info.databaseType());
			this.databaseInfo = info;
		}
		return info;
	}

	/**
	 * How the database reads SQL, known once {@link #databaseInfo(Connection)} has been
	 * read.
	 * @return the dialect, {@link SqlDialect#UNKNOWN} until then or when the product is
	 * not known
	 */
	SqlDialect sqlDialect() {
		SqlDialect dialect = this.sqlDialect;
		return (dialect != null) ? dialect : SqlDialect.UNKNOWN;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return JdbcProxies.connection(this.delegate.getConnection(), this);
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return JdbcProxies.connection(this.delegate.getConnection(username, password), this);
	}

	@Override
	public ConnectionBuilder createConnectionBuilder() throws SQLException {
		ConnectionBuilder builder = this.delegate.createConnectionBuilder();
		XRayDataSource owner = this;
		return new ConnectionBuilder() {

			@Override
			public ConnectionBuilder user(String username) {
				builder.user(username);
				return this;
			}

			@Override
			public ConnectionBuilder password(String password) {
				builder.password(password);
				return this;
			}

			@Override
			public ConnectionBuilder shardingKey(ShardingKey shardingKey) {
				builder.shardingKey(shardingKey);
				return this;
			}

			@Override
			public ConnectionBuilder superShardingKey(ShardingKey superShardingKey) {
				builder.superShardingKey(superShardingKey);
				return this;
			}

			@Override
			public Connection build() throws SQLException {
				return JdbcProxies.connection(builder.build(), owner);
			}

		};
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.delegate.getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.delegate.setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.delegate.setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.delegate.getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.delegate.getParentLogger();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return (T) this;
		}
		if (iface.isInstance(this.delegate)) {
			return (T) this.delegate;
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || iface.isInstance(this.delegate) || this.delegate.isWrapperFor(iface);
	}

	/**
	 * Closes the wrapped pool when it can be closed: the bean's inferred destroy method
	 * ({@code close}) is looked up on this wrapper, so without it the pool would stay
	 * open when the context closes.
	 * @throws SQLException when the pool fails to close
	 */
	@Override
	public void close() throws SQLException {
		if (this.delegate instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (SQLException | RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				// named by its type: the delegate's toString() is not ours to call on a
				// failure path
				throw new SQLException("Failed to close " + this.delegate.getClass().getName(), ex);
			}
		}
	}

	@Override
	public String toString() {
		return "XRayDataSource[" + this.delegate + "]";
	}

}
