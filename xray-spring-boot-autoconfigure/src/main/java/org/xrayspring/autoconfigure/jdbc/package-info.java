/**
 * JDBC tracing: {@code DataSource} beans are wrapped so that statement executions inside a trace become
 * {@code <database>@<host>} subsegments with the X-Ray {@code sql} fields.
 */
package org.xrayspring.autoconfigure.jdbc;
