package org.xrayspring.autoconfigure.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

import org.xrayspring.autoconfigure.XRayProperties.Jdbc.RecordSql;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.support.ThrottledLogger;

/**
 * Records each statement execution that datasource-proxy reports as an SQL subsegment.
 */
final class XRayQueryListener implements QueryExecutionListener {

	private static final ThrottledLogger logger = new ThrottledLogger(XRayQueryListener.class.getName(), 60_000);

	private static final String SUBSEGMENT = "xray.subsegment";

	private final XRayDataSource owner;

	XRayQueryListener(XRayDataSource owner) {
		this.owner = owner;
	}

	@Override
	public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		XRayRecorder recorder = this.owner.recorder();
		// outside a trace (start-up SQL, scheduled jobs) nothing is recorded and the metadata is not read
		if (recorder == null || recorder.getCurrentEntity() == null) {
			return;
		}
		Connection connection;
		try {
			connection = execution.getStatement().getConnection();
		}
		catch (SQLException | RuntimeException ex) {
			return;
		}
		DatabaseInfo info = this.owner.databaseInfo(connection);
		Subsegment subsegment = recorder.beginSubsegmentIfTraced(info.name());
		if (subsegment == null) {
			return;
		}
		execution.addCustomValue(SUBSEGMENT, subsegment);
		try {
			info.applyTo(subsegment);
			subsegment.putSql("preparation", switch (execution.getStatementType()) {
				case STATEMENT -> null;
				case PREPARED -> "statement";
				case CALLABLE -> "call";
			});
			subsegment.putSql("sanitized_query", recordedQuery(queries.isEmpty() ? null : queries.get(0).getQuery()));
		}
		catch (RuntimeException ex) {
			// tracing must never fail the application's query
			logger.warnThrottled("X-Ray could not describe an SQL subsegment", ex);
		}
	}

	@Override
	public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		Subsegment subsegment = execution.getCustomValue(SUBSEGMENT, Subsegment.class);
		if (subsegment == null) {
			return;
		}
		try {
			Throwable ex = execution.getThrowable();
			if (ex != null) {
				recordException(subsegment, ex);
			}
		}
		finally {
			subsegment.end();
		}
	}

	/**
	 * Records the failure; outside {@code raw} mode without the messages, which drivers fill with the statement's
	 * values ({@code Duplicate entry 'alice@example.com' for key ...}) in forms no scanner can tell apart from the
	 * rest of the text.
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

	private String recordedQuery(String query) {
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
