package org.xrayspring.autoconfigure.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseInfo}'s URL handling.
 */
class DatabaseInfoTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			jdbc:postgresql://127.0.0.1:5432/test?user=app&password=hunter2&ssl=true | jdbc:postgresql://127.0.0.1:5432/test?user=app&ssl=true
			jdbc:postgresql://127.0.0.1:5432/test?password=hunter2                  | jdbc:postgresql://127.0.0.1:5432/test
			jdbc:mysql://app:hunter2@db.example.com:3306/shop                       | jdbc:mysql://db.example.com:3306/shop
			jdbc:mariadb://db:3306/test?keyStorePassword=hunter2&useSsl=false       | jdbc:mariadb://db:3306/test?useSsl=false
			jdbc:h2:mem:test;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL               | jdbc:h2:mem:test;USER=sa;MODE=PostgreSQL
			jdbc:sqlserver://db:1433;databaseName=x;password=hunter2;encrypt=true   | jdbc:sqlserver://db:1433;databaseName=x;encrypt=true
			jdbc:oracle:thin:scott/hunter2@dbhost:1521:orcl                         | jdbc:oracle:thin:@dbhost:1521:orcl
			jdbc:postgresql://db/test?PWD=hunter2&clientSecret=hunter2              | jdbc:postgresql://db/test
			""")
	void sanitizeUrlRemovesCredentials(String url, String expected) {
		String sanitized = DatabaseInfo.sanitizeUrl(url);
		assertThat(sanitized).isEqualTo(expected).doesNotContain("hunter2");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			jdbc:postgresql://127.0.0.1:5432/test             | 127.0.0.1 | test
			jdbc:mysql://app:pw@DB.example.com:3306/shop?x=1  | db.example.com | shop
			jdbc:mariadb://db/test                            | db | test
			jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1              | localhost | orders
			jdbc:h2:file:/var/data/sales                      | localhost | sales
			jdbc:sqlserver://mssql:1433;databaseName=x        | mssql | database
			jdbc:oracle:thin:@dbhost:1521:orcl                | dbhost | orcl
			jdbc:postgresql://[::1]:5432/test                 | [::1] | test
			""")
	void hostAndDatabase(String url, String host, String database) {
		assertThat(DatabaseInfo.host(url)).isEqualTo(host);
		assertThat(DatabaseInfo.databaseFromUrl(url)).isEqualTo(database);
	}

}
