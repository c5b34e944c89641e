package org.xrayspring.autoconfigure.jdbc;

import java.sql.SQLException;
import java.util.Locale;

import org.xrayspring.autoconfigure.XRayProperties.Jdbc.RecordSql;

/**
 * The message recorded for an exception of an SQL subsegment when the driver's own
 * message must not be recorded: a fixed text with the SQLState and vendor error code,
 * which identify the failure without any of its values.
 */
final class SqlExceptionMessages {

	private SqlExceptionMessages() {
	}

	/**
	 * The message recorded instead of the exception's own.
	 * @param exception the exception, from a driver or from anything it wraps
	 * @param mode the {@code xray.jdbc.record-sql} mode that withholds the message
	 * @return the replacement message
	 */
	static String withheld(Throwable exception, RecordSql mode) {
		StringBuilder message = new StringBuilder(96).append("message withheld (xray.jdbc.record-sql=")
			.append(mode.name().toLowerCase(Locale.ROOT))
			.append(')');
		if (exception instanceof SQLException sqlException) {
			try {
				String state = sqlException.getSQLState();
				int errorCode = sqlException.getErrorCode();
				message.append(": ");
				if (state != null && isCode(state)) {
					message.append("SQLState ").append(state).append(", ");
				}
				message.append("error code ").append(errorCode);
			}
			catch (RuntimeException ex) {
				// a driver's accessor failing is no reason to lose the record
			}
		}
		return message.toString();
	}

	/**
	 * SQLStates are five characters of digits and upper-case letters; anything else is
	 * not written.
	 */
	private static boolean isCode(String state) {
		if (state.length() != 5) {
			return false;
		}
		for (int i = 0; i < state.length(); i++) {
			char c = state.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
				return false;
			}
		}
		return true;
	}

}
