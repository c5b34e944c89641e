package org.xrayspring.autoconfigure.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.xrayspring.recorder.url.UrlRedactor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseInfo}'s URL handling: host and database are read from the URL
 * as {@link UrlRedactor} leaves it, which is what {@link DatabaseInfo#read} does.
 */
class DatabaseInfoTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			jdbc:postgresql://127.0.0.1:5432/test                    | 127.0.0.1      | test
			jdbc:mysql://app:pw@DB.example.com:3306/shop?x=1         | db.example.com | shop
			jdbc:mariadb://db/test                                   | db             | test
			jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1                     | localhost      | orders
			jdbc:h2:file:/var/data/sales                             | localhost      | sales
			jdbc:sqlserver://mssql:1433;databaseName=x               | mssql          | database
			jdbc:oracle:thin:@dbhost:1521:orcl                       | dbhost         | orcl
			jdbc:oracle:thin:scott/tiger@dbhost:1521:orcl            | dbhost         | orcl
			jdbc:oracle:thin:scott/tiger@myalias                     | myalias        | myalias
			jdbc:oracle:thin:scott/tiger@//db.example.com:1521/ORCL  | db.example.com | ORCL
			jdbc:db2://db2host:50000/sample:user=scott;password=tiger; | db2host        | sample
			jdbc:postgresql://[::1]:5432/test                        | [::1]          | test
			""")
	void hostAndDatabase(String url, String host, String database) {
		String redacted = UrlRedactor.redact(url);
		assertThat(DatabaseInfo.host(redacted)).isEqualTo(host);
		assertThat(DatabaseInfo.databaseFromUrl(redacted)).isEqualTo(database);
	}

}
