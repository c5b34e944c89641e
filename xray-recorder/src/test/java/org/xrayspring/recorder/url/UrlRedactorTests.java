package org.xrayspring.recorder.url;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class UrlRedactorTests {

	/** Every secret in the tables; it must never survive. */
	private static final String SECRET = "hunter2";

	/**
	 * input; expected output.
	 */
	static Stream<Arguments> httpUrls() {
		return Stream.of(arguments("https://user:hunter2@shop.example.com/orders", "https://shop.example.com/orders"),
				arguments("https://hunter2@shop.example.com:8443/orders?x=1",
						"https://shop.example.com:8443/orders?x=1"),
				arguments("HTTPS://USER:hunter2@SHOP.example.com/P", "HTTPS://SHOP.example.com/P"),
				arguments("https://u:p@ss:hunter2@h/", "https://h/"),
				arguments("ws://u:hunter2@h/socket?ticket=hunter2", "ws://h/socket?ticket=REDACTED"),
				arguments("http://shop.example.com/hello;jsessionid=hunter2", "http://shop.example.com/hello"),
				arguments("http://h/a;v=1/b;jsessionid=hunter2/c;x;y=hunter2", "http://h/a/b/c"),
				arguments("https://h/;jsessionid=hunter2", "https://h/"),
				arguments("http://[::1]:8080/x;JSESSIONID=hunter2", "http://[::1]:8080/x"),
				arguments("ftp://h/file;type=i", "ftp://h/file"),
				arguments("/hello;jsessionid=hunter2?token=hunter2", "/hello?token=REDACTED"),
				arguments("/hello;jsessionid=hunter2", "/hello"),
				arguments("https://h/p?TOKEN=hunter2&page=2", "https://h/p?TOKEN=REDACTED&page=2"),
				arguments(
						"https://h/p?Access_Token=hunter2&X-Amz-Signature=hunter2&X-Amz-Credential=hunter2"
								+ "&X-Amz-Security-Token=hunter2&X-Amz-Date=20260101T000000Z",
						"https://h/p?Access_Token=REDACTED&X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED"
								+ "&X-Amz-Security-Token=REDACTED&X-Amz-Date=20260101T000000Z"),
				arguments("https://h/p?%74oken=hunter2&access%5Ftoken=hunter2&%41pi-Key=hunter2",
						"https://h/p?%74oken=REDACTED&access%5Ftoken=REDACTED&%41pi-Key=REDACTED"),
				arguments("https://h/p?api_key=hunter2&apikey=hunter2&APIKEY=hunter2&key=hunter2&sig=hunter2",
						"https://h/p?api_key=REDACTED&apikey=REDACTED&APIKEY=REDACTED&key=REDACTED&sig=REDACTED"),
				arguments("https://h/p?client_secret=hunter2&secret=hunter2&password=hunter2&pwd=hunter2&auth=hunter2",
						"https://h/p?client_secret=REDACTED&secret=REDACTED&password=REDACTED&pwd=REDACTED"
								+ "&auth=REDACTED"),
				arguments("https://h/p?Authorization=Bearer%20hunter2&code=hunter2&state=ok",
						"https://h/p?Authorization=REDACTED&code=REDACTED&state=ok"),
				arguments(
						"https://h/p?sessionid=hunter2&PHPSESSID=hunter2&sid=hunter2&AWSAccessKeyId=hunter2"
								+ "&Ocp-Apim-Subscription-Key=hunter2",
						"https://h/p?sessionid=REDACTED&PHPSESSID=REDACTED&sid=REDACTED&AWSAccessKeyId=REDACTED"
								+ "&Ocp-Apim-Subscription-Key=REDACTED"),
				arguments("https://h/p?q=hello#access_token=hunter2", "https://h/p?q=hello"),
				arguments("https://h/p#hunter2", "https://h/p"),
				arguments("https://h/p?token=&x=1", "https://h/p?token=&x=1"),
				arguments("https://h/p?token", "https://h/p?token"),
				arguments("https://h/p?redirect=%2Fhome&state=xyz&author=me",
						"https://h/p?redirect=%2Fhome&state=xyz&author=me"),
				arguments("https://h/p?a=1;token=hunter2&b=2", "https://h/p?a=1;token=REDACTED&b=2"),
				arguments("https://h/p?token=hun;ter2&b=2", "https://h/p?token=REDACTED&b=2"),
				arguments("https://h/p?x=1&&&=2&token==hunter2", "https://h/p?x=1&&&=2&token=REDACTED"),
				arguments("https://h/p?%zz=1&%7=2&token%=hunter2", "https://h/p?%zz=1&%7=2&token%=REDACTED"),
				arguments("https://h/p?next=https://h2/x?token=hunter2",
						"https://h/p?next=https://h2/x?token=REDACTED"),
				arguments("https://h/p??to-ken=hunter2", "https://h/p??to-ken=REDACTED"),
				arguments("https://h/users/@me/status", "https://h/users/@me/status"),
				arguments("https://h/ünï;jsessionid=hunter2?tökén=1&token=hunter2",
						"https://h/ünï?tökén=1&token=REDACTED"),
				arguments("mongodb://app:hunter2@h1:27017,h2:27017/db?authSource=admin",
						"mongodb://h1:27017,h2:27017/db?authSource=admin"),
				arguments("postgresql://app:hunter2@db/test", "postgresql://db/test"),
				arguments("https://shop.example.com/api/orders/42", "https://shop.example.com/api/orders/42"),
				arguments("", ""));
	}

	static Stream<Arguments> jdbcUrls() {
		return Stream.of(
				// Oracle
				arguments("jdbc:oracle:thin:scott/hunter2@//db.example.com:1521/ORCL",
						"jdbc:oracle:thin:@//db.example.com:1521/ORCL"),
				arguments("jdbc:oracle:thin:scott/hunter2@myalias", "jdbc:oracle:thin:@myalias"),
				arguments("jdbc:oracle:thin:scott/hunter2@dbhost:1521:orcl", "jdbc:oracle:thin:@dbhost:1521:orcl"),
				arguments("jdbc:oracle:oci:scott/hunter2@myalias", "jdbc:oracle:oci:@myalias"),
				arguments("JDBC:ORACLE:THIN:scott/\"hun@ter2\"@myalias", "JDBC:ORACLE:THIN:@myalias"),
				arguments("jdbc:oracle:thin:scott/\"hun@ter2", "jdbc:oracle:thin:"),
				arguments(
						"jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)(PORT=1521))"
								+ "(CONNECT_DATA=(SERVICE_NAME=orcl)))",
						"jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db)(PORT=1521))"
								+ "(CONNECT_DATA=(SERVICE_NAME=orcl)))"),
				arguments("jdbc:oracle:thin:@//db:1521/orcl?oracle.net.wallet_password=hunter2",
						"jdbc:oracle:thin:@//db:1521/orcl?oracle.net.wallet_password=REDACTED"),
				// PostgreSQL
				arguments("jdbc:postgresql://127.0.0.1:5432/test?user=app&password=hunter2&ssl=true",
						"jdbc:postgresql://127.0.0.1:5432/test?user=REDACTED&password=REDACTED&ssl=true"),
				arguments("jdbc:postgresql://app:hunter2@db:5432/test", "jdbc:postgresql://db:5432/test"),
				arguments("jdbc:postgresql://h1:5432,h2:5432/test?sslpassword=hunter2&targetServerType=primary",
						"jdbc:postgresql://h1:5432,h2:5432/test?sslpassword=REDACTED&targetServerType=primary"),
				arguments("jdbc:postgresql://db/test?PWD=hunter2&clientSecret=hunter2&access_token=hunter2",
						"jdbc:postgresql://db/test?PWD=REDACTED&clientSecret=REDACTED&access_token=REDACTED"),
				// MySQL and MariaDB
				arguments("jdbc:mysql://app:hunter2@db.example.com:3306/shop", "jdbc:mysql://db.example.com:3306/shop"),
				arguments("jdbc:mysql://db:3306/shop?user=app&password=hunter2&useSSL=true",
						"jdbc:mysql://db:3306/shop?user=REDACTED&password=REDACTED&useSSL=true"),
				arguments("jdbc:mysql://address=(host=db)(port=3306)(user=app)(password=hunter2)/shop",
						"jdbc:mysql://address=(host=db)(port=3306)(user=REDACTED)(password=REDACTED)/shop"),
				arguments("jdbc:mysql://(host=db,port=3306,password=hunter2,user=app)/shop",
						"jdbc:mysql://(host=db,port=3306,password=REDACTED,user=REDACTED)/shop"),
				arguments("jdbc:mysql://app:hun;ter2@db/shop", "jdbc:mysql://db/shop"),
				arguments("jdbc:mariadb://db:3306/test?keyStorePassword=hunter2&useSsl=false",
						"jdbc:mariadb://db:3306/test?keyStorePassword=REDACTED&useSsl=false"),
				arguments("jdbc:mariadb:replication://app:hunter2@h1,h2/test", "jdbc:mariadb:replication://h1,h2/test"),
				// SQL Server
				arguments("jdbc:sqlserver://db:1433;databaseName=x;user=app;password=hunter2;encrypt=true",
						"jdbc:sqlserver://db:1433;databaseName=x;user=REDACTED;password=REDACTED;encrypt=true"),
				arguments(
						"jdbc:sqlserver://db.database.windows.net:1433;database=x;user=me@example.com;"
								+ "password={hun;ter2}}x};authentication=ActiveDirectoryPassword",
						"jdbc:sqlserver://db.database.windows.net:1433;database=x;user=REDACTED;password=REDACTED;"
								+ "authentication=ActiveDirectoryPassword"),
				arguments("jdbc:sqlserver://;serverName=db;Password = hunter2",
						"jdbc:sqlserver://;serverName=db;Password =REDACTED"),
				arguments("jdbc:sqlserver://db\\instance:1433;integratedSecurity=true",
						"jdbc:sqlserver://db\\instance:1433;integratedSecurity=true"),
				arguments("jdbc:jtds:sqlserver://db:1433/x;user=app;password=hunter2",
						"jdbc:jtds:sqlserver://db:1433/x;user=REDACTED;password=REDACTED"),
				// H2
				arguments("jdbc:h2:mem:test;USER=sa;PASSWORD=hunter2;MODE=PostgreSQL",
						"jdbc:h2:mem:test;USER=REDACTED;PASSWORD=REDACTED;MODE=PostgreSQL"),
				arguments("jdbc:h2:tcp://localhost:9092/~/test;PASSWORD=hunter2",
						"jdbc:h2:tcp://localhost:9092/~/test;PASSWORD=REDACTED"),
				arguments("jdbc:h2:file:/var/data/sales", "jdbc:h2:file:/var/data/sales"),
				arguments("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1", "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1"),
				// DB2, Derby, Redshift, Snowflake
				arguments("jdbc:db2://db:50000/sample:user=app;password=hunter2;",
						"jdbc:db2://db:50000/sample:user=REDACTED;password=REDACTED;"),
				arguments("jdbc:db2://db:50000/sample:password=hunter2;",
						"jdbc:db2://db:50000/sample:password=REDACTED;"),
				arguments("jdbc:derby://db:1527/x;create=true;user=app;password=hunter2",
						"jdbc:derby://db:1527/x;create=true;user=REDACTED;password=REDACTED"),
				arguments("jdbc:redshift://cluster:5439/dev;UID=app;PWD=hunter2",
						"jdbc:redshift://cluster:5439/dev;UID=REDACTED;PWD=REDACTED"),
				arguments(
						"jdbc:snowflake://acct.snowflakecomputing.com/?user=app&private_key_file_pwd=hunter2&warehouse=w",
						"jdbc:snowflake://acct.snowflakecomputing.com/?user=REDACTED&private_key_file_pwd=REDACTED&warehouse=w"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("httpUrls")
	void httpUrls(String url, String expected) {
		assertThat(UrlRedactor.redact(url)).isEqualTo(expected).doesNotContain(SECRET).doesNotContain("ter2");
		assertThat(UrlRedactor.redactOrThrow(url)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("jdbcUrls")
	void jdbcUrls(String url, String expected) {
		assertThat(UrlRedactor.redact(url)).isEqualTo(expected).doesNotContain(SECRET).doesNotContain("ter2");
		assertThat(UrlRedactor.redactOrThrow(url)).isEqualTo(expected);
	}

	@Test
	void urlWithoutAnythingToRedactIsReturnedAsItIs() {
		String url = "https://shop.example.com/api/orders/42";
		assertThat(UrlRedactor.redact(url)).isSameAs(url);
		String withQuery = "https://shop.example.com/api/orders?page=2&size=10";
		assertThat(UrlRedactor.redact(withQuery)).isSameAs(withQuery);
		assertThat(UrlRedactor.redact(null)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "password", "PASSWORD", "db_password", "passwd", "pwd", "passphrase", "secret",
			"client-secret", "token", "id_token", "X-Amz-Security-Token", "signature", "X-Goog-Signature",
			"X-Amz-Credential", "apikey", "api_key", "x-api-key", "accesskey", "AWSAccessKeyId", "PHPSESSID",
			"jsessionid", "Authorization", "cookie", "AccountKey", "key", "sig", "auth", "pass", "code", "user",
			"userName", "UID", "user_id", "login", "sid", "session", "ticket", "otp", "jwt", "%70assword",
			"pass%2Dword", "tok en", "2key", "x1token" })
	void secretNames(String name) {
		assertThat(UrlRedactor.isSecretName(name, 0, name.length())).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "page", "size", "q", "state", "author", "authSource", "ssl", "useSSL", "encrypt",
			"databaseName", "DB_CLOSE_DELAY", "X-Amz-Date", "X-Amz-Expires", "redirect_uri", "client_id", "mode",
			"tökén", "%zz", "", "%", "%4" })
	void ordinaryNames(String name) {
		assertThat(UrlRedactor.isSecretName(name, 0, name.length())).isFalse();
	}

	@Test
	void veryLongNameIsTreatedAsSecret() {
		String name = "a".repeat(UrlRedactor.MAX_NAME_LENGTH + 1);
		assertThat(UrlRedactor.isSecretName(name, 0, name.length())).isTrue();
		assertThat(UrlRedactor.redact("https://h/p?" + name + "=" + SECRET))
			.isEqualTo("https://h/p?" + name + "=REDACTED");
	}

	@ParameterizedTest
	@ValueSource(strings = { ";", "?", "&", "=", "@", "#", "(", ")", ",", ":", "%", "{", "}", "\"", "/", "//",
			"?token=", ";password=", "(password=", "@//", "%ff", "\uD800", "é" })
	void hugeRepetitiveUrlsDoNotBreakTheRedactor(String unit) {
		for (String prefix : List.of("https://h/", "jdbc:oracle:thin:", "jdbc:sqlserver://", "")) {
			String url = prefix + unit.repeat(100_000) + SECRET;
			String redacted = UrlRedactor.redactOrThrow(url);
			assertThat(redacted).isNotNull();
		}
	}

	@Test
	void randomInputNeverThrows() {
		Random random = new Random(20261201L);
		String alphabet = ";?&=@#/:(),{}\"%\\ aZ09.-_+~[]é\uD83D\uDE00\uD800\u0000";
		for (int run = 0; run < 20_000; run++) {
			StringBuilder url = new StringBuilder();
			if (random.nextBoolean()) {
				url.append(List.of("https://", "jdbc:oracle:thin:", "jdbc:mysql://", "jdbc:sqlserver://", "/", "jdbc:")
					.get(random.nextInt(6)));
			}
			int length = random.nextInt(40);
			for (int i = 0; i < length; i++) {
				url.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			String input = url.toString();
			assertThat(UrlRedactor.redactOrThrow(input)).as(input).isNotNull();
		}
	}

	/**
	 * Random well-formed URLs with a secret in the user information, in a secret
	 * parameter (names in random case, separators and percent-escapes) and in a path
	 * parameter: the secret never survives, the ordinary parameter always does.
	 */
	@Test
	void randomWellFormedUrlsNeverKeepTheSecret() {
		Random random = new Random(42L);
		List<String> secretNames = List.of("password", "access_token", "X-Amz-Signature", "client_secret", "apikey",
				"sig", "token", "pwd", "X-Amz-Security-Token", "api-key", "auth", "jsessionid");
		for (int run = 0; run < 5_000; run++) {
			String name = spell(secretNames.get(random.nextInt(secretNames.size())), random);
			StringBuilder url = new StringBuilder(random.nextBoolean() ? "https://" : "http://");
			if (random.nextBoolean()) {
				url.append("user:").append(SECRET).append('@');
			}
			url.append("h.example.com");
			int segments = random.nextInt(4);
			for (int i = 0; i < segments; i++) {
				url.append("/seg").append(i);
				if (random.nextBoolean()) {
					url.append(";jsessionid=").append(SECRET);
				}
			}
			url.append("/last?");
			if (random.nextBoolean()) {
				url.append("page=2&");
			}
			url.append(name).append('=').append(SECRET).append(random.nextBoolean() ? "&keep=yes" : "");
			String redacted = UrlRedactor.redact(url.toString());
			assertThat(redacted).as(url.toString()).doesNotContain(SECRET).contains(name + "=REDACTED");
			if (url.indexOf("keep=yes") >= 0) {
				assertThat(redacted).endsWith("&keep=yes");
			}
		}
	}

	private static String spell(String name, Random random) {
		StringBuilder spelled = new StringBuilder();
		for (char c : name.toCharArray()) {
			String s = String.valueOf(c);
			switch (random.nextInt(4)) {
				case 0 -> s = s.toUpperCase(Locale.ROOT);
				case 1 -> s = (Character.isLetter(c)) ? String.format("%%%02X", (int) c) : s;
				default -> {
				}
			}
			spelled.append(s);
		}
		return spelled.toString();
	}

}
