package org.xrayspring.autoconfigure.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.xrayspring.autoconfigure.XRayProperties.Jdbc.RecordSql;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * JDK dynamic proxies for {@link Connection} and the three statement interfaces.
 * <p>
 * Proxies rather than hand-written delegates: {@code Connection} and
 * {@code CallableStatement} have hundreds of methods of which only a handful matter here,
 * and a proxy keeps working unchanged when a JDBC version adds methods. The cost is one
 * reflective call per JDBC call, small next to a database round trip. A proxy implements
 * only the JDBC interface, so vendor interfaces are reached through {@code unwrap}, which
 * every JDBC 4 application already has to do with a connection pool.
 * <p>
 * {@code net.ttddyy:datasource-proxy} was tried in their place (issue 14; BENCHMARKS.md):
 * its listener needs about half these lines, but it builds an execution record and keeps
 * every parameter a prepared statement is given for each execution, traced or not, so a
 * traced prepared query cost about twice the added CPU time and 2.6 times the added
 * allocation of these proxies; its connections also unwrap to the driver's connection,
 * not the traced one.
 */
final class JdbcProxies {

	private static final ThrottledLogger logger = new ThrottledLogger(JdbcProxies.class.getName(), 60_000);

	private static final Set<String> EXECUTE_METHODS = Set.of("execute", "executeQuery", "executeUpdate",
			"executeLargeUpdate", "executeBatch", "executeLargeBatch");

	private JdbcProxies() {
	}

	static Connection connection(Connection connection, XRayDataSource owner) {
		if (connection == null || Proxy.isProxyClass(connection.getClass())
				&& Proxy.getInvocationHandler(connection) instanceof ConnectionHandler) {
			return connection;
		}
		return (Connection) Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new ConnectionHandler(connection, owner));
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * Handles {@code Object} and {@code Wrapper} methods the same way for connections and
	 * statements.
	 * @return {@code NOT_HANDLED} when the method is neither
	 */
	private static Object handleCommon(Object proxy, Object target, Method method, Object[] args) throws Throwable {
		switch (method.getName()) {
			case "equals":
				return (args != null && args.length == 1) ? proxy == args[0] : NOT_HANDLED;
			case "hashCode":
				return (args == null || args.length == 0) ? System.identityHashCode(proxy) : NOT_HANDLED;
			case "toString":
				return (args == null || args.length == 0) ? "XRay[" + target + "]" : NOT_HANDLED;
			case "unwrap": {
				Class<?> iface = (Class<?>) args[0];
				if (iface.isInstance(proxy)) {
					return proxy;
				}
				return iface.isInstance(target) ? target : invoke(target, method, args);
			}
			case "isWrapperFor": {
				Class<?> iface = (Class<?>) args[0];
				return iface.isInstance(proxy) || iface.isInstance(target) || (boolean) invoke(target, method, args);
			}
			default:
				return NOT_HANDLED;
		}
	}

	private static final Object NOT_HANDLED = new Object();

	private static final class ConnectionHandler implements InvocationHandler {

		private final Connection connection;

		private final XRayDataSource owner;

		ConnectionHandler(Connection connection, XRayDataSource owner) {
			this.connection = connection;
			this.owner = owner;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			Object common = handleCommon(proxy, this.connection, method, args);
			if (common != NOT_HANDLED) {
				return common;
			}
			Object result = JdbcProxies.invoke(this.connection, method, args);
			if (result == null) {
				return null;
			}
			switch (method.getName()) {
				case "createStatement":
					return statement(Statement.class, result, (Connection) proxy, null, null);
				case "prepareStatement":
					return statement(PreparedStatement.class, result, (Connection) proxy, (String) args[0],
							"statement");
				case "prepareCall":
					return statement(CallableStatement.class, result, (Connection) proxy, (String) args[0], "call");
				default:
					return result;
			}
		}

		private Object statement(Class<? extends Statement> type, Object statement, Connection proxy,
				@Nullable String sql, @Nullable String preparation) {
			return Proxy.newProxyInstance(JdbcProxies.class.getClassLoader(), new Class<?>[] { type },
					new StatementHandler((Statement) statement, proxy, this.connection, this.owner, sql, preparation));
		}

	}

	private static final class StatementHandler implements InvocationHandler {

		private final Statement statement;

		private final Connection connectionProxy;

		private final Connection connection;

		private final XRayDataSource owner;

		private final String sql;

		private final String preparation;

		/**
		 * The first statement of a plain {@code Statement}'s batch: what a batch
		 * subsegment records.
		 */
		private @Nullable String batchSql;

		StatementHandler(Statement statement, Connection connectionProxy, Connection connection, XRayDataSource owner,
				String sql, String preparation) {
			this.statement = statement;
			this.connectionProxy = connectionProxy;
			this.connection = connection;
			this.owner = owner;
			this.sql = sql;
			this.preparation = preparation;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			Object common = handleCommon(proxy, this.statement, method, args);
			if (common != NOT_HANDLED) {
				return common;
			}
			String name = method.getName();
			if ("getConnection".equals(name)) {
				return this.connectionProxy;
			}
			if ("addBatch".equals(name) && args != null && args.length == 1 && args[0] instanceof String added
					&& this.batchSql == null) {
				this.batchSql = added;
			}
			else if ("clearBatch".equals(name)) {
				this.batchSql = null;
			}
			if (!EXECUTE_METHODS.contains(name)) {
				return JdbcProxies.invoke(this.statement, method, args);
			}
			boolean batch = name.endsWith("Batch");
			String query = (args != null && args.length > 0 && args[0] instanceof String text) ? text
					: (batch && this.batchSql != null) ? this.batchSql : this.sql;
			if (batch) {
				this.batchSql = null;
			}
			return traced(method, args, query);
		}

		private Object traced(Method method, Object[] args, String query) throws Throwable {
			XRayRecorder recorder = this.owner.recorder();
			// outside a trace (start-up SQL, scheduled jobs) nothing is recorded and the
			// metadata is not read
			if (recorder == null || recorder.getCurrentEntity() == null) {
				return JdbcProxies.invoke(this.statement, method, args);
			}
			DatabaseInfo info = this.owner.databaseInfo(this.connection);
			Subsegment subsegment = recorder.beginSubsegmentIfTraced(info.name());
			if (subsegment == null) {
				return JdbcProxies.invoke(this.statement, method, args);
			}
			try {
				describe(subsegment, info, query);
				return JdbcProxies.invoke(this.statement, method, args);
			}
			catch (Throwable ex) {
				recordException(subsegment, ex);
				throw ex;
			}
			finally {
				subsegment.end();
			}
		}

		private void describe(Subsegment subsegment, DatabaseInfo info, String query) {
			try {
				info.applyTo(subsegment);
				subsegment.putSql("preparation", this.preparation);
				subsegment.putSql("sanitized_query", recordedQuery(query));
			}
			catch (RuntimeException ex) {
				// tracing must never fail the application's query
				logger.warnThrottled("X-Ray could not describe an SQL subsegment", ex);
			}
		}

		/**
		 * Records the failure; outside {@code raw} mode without the messages, which
		 * drivers fill with the statement's values
		 * ({@code Duplicate entry 'alice@example.com' for key ...}) in forms no scanner
		 * can tell apart from the rest of the text.
		 */
		private void recordException(Subsegment subsegment, Throwable ex) {
			try {
				RecordSql mode = this.owner.recordSql();
				if (mode == RecordSql.RAW) {
					subsegment.addException(ex);
				}
				else {
					subsegment.addException(ex, false, (exception) -> SqlExceptionMessages.withheld(exception, mode));
				}
			}
			catch (RuntimeException recordingFailure) {
				// the application gets its own exception, whatever happens here
				logger.warnThrottled("X-Ray could not record an SQL exception", recordingFailure);
			}
		}

		private @Nullable String recordedQuery(String query) {
			if (query == null) {
				return null;
			}
			RecordSql mode = this.owner.recordSql();
			return switch (mode) {
				case NONE -> null;
				case RAW -> query;
				case SANITIZED -> SqlSanitizer.sanitize(query, this.owner.sqlDialect());
			};
		}

	}

}
