/**
 * JDBC tracing: {@code DataSource} beans are wrapped so that statement executions inside
 * a trace become {@code <database>@<host>} subsegments with the X-Ray {@code sql} fields.
 */
@NullMarked
package org.xrayspring.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
