package org.xrayspring.autoconfigure.jdbc;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlSanitizer}.
 */
class SqlSanitizerTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
			select * from users where id = 42                   | select * from users where id = ?
			select * from users where name = 'bob'              | select * from users where name = ?
			select * from t where a = 'it''s' and b = 'x'       | select * from t where a = ? and b = ?
			select * from t where a = 'it\\'s' and b = 7         | select * from t where a = ? and b = ?
			insert into t (a, b) values (1.5, -2e10)            | insert into t (a, b) values (?, -?)
			select .5, 0x1F, 1E-3 from dual                     | select ?, ?, ? from dual
			select * from t1 join t2 on t1.c3 = t2.c3           | select * from t1 join t2 on t1.c3 = t2.c3
			select * from t where a = ? and b = $1 and c = :x   | select * from t where a = ? and b = $1 and c = :x
			select "col 1", `col2`, [col 3] from t where x = 1  | select "col 1", `col2`, [col 3] from t where x = ?
			select "it's" from t where y = 'a'                  | select "it's" from t where y = ?
			select 1 -- it's 42\\nfrom t where x = 5            | select ? -- it's 42\\nfrom t where x = ?
			select /* don't 7 */ a from t where b = 8           | select /* don't 7 */ a from t where b = ?
			select $$a 'quoted' 5$$, $tag$x$tag$ from t         | select ?, ? from t
			select N'abc', X'0F', E'a\\'b' from t                | select N?, X?, E? from t
			select a[1] from t where b = 'unterminated          | select a[?] from t where b = ?
			select true, false, null from t                     | select true, false, null from t
			select x::int from t where d > '2024-01-01'         | select x::int from t where d > ?
			update t set a = 'x' where id in (1, 2, 3)          | update t set a = ? where id in (?, ?, ?)
			{call proc(1, 'x', ?)}                              | {call proc(?, ?, ?)}
			select café, 5 from t                               | select café, ? from t
			~~                                                  | ~~
			""")
	void sanitizes(String sql, String expected) {
		assertThat(SqlSanitizer.sanitize(unescape(sql))).isEqualTo(unescape(expected));
	}

	private static String unescape(String text) {
		// the table writes a newline as \\n, which the text block turns into a backslash and an n
		return text.replace("\\n", "\n");
	}

	@Test
	void nullStaysNull() {
		assertThat(SqlSanitizer.sanitize(null)).isNull();
	}

	@Test
	void statementWithoutLiteralsIsReturnedAsIs() {
		String sql = "select a, b from t where c = ?";
		assertThat(SqlSanitizer.sanitize(sql)).isSameAs(sql);
	}

	@Test
	void neverLeaksDigitsOrQuotedTextOfRandomStatements() {
		// seeded: a failure is reproducible
		Random random = new Random(20240611L);
		String[] parts = { "select", " ", "a", ",", "(", ")", "=", "'", "''", "\\", "--", "\n", "/*", "*/", "$", "\"",
				"42", "3.14", "x1", "secret" };
		for (int run = 0; run < 5000; run++) {
			StringBuilder sql = new StringBuilder();
			int length = random.nextInt(30);
			for (int i = 0; i < length; i++) {
				sql.append(parts[random.nextInt(parts.length)]);
			}
			String sanitized = SqlSanitizer.sanitize(sql.toString());
			assertThat(sanitized).isNotNull();
			assertThat(sanitized.length()).isLessThanOrEqualTo(sql.length());
		}
	}

	@Test
	void literalsOutsideCommentsAndIdentifiersAreNeverKept() {
		Random random = new Random(7L);
		for (int run = 0; run < 2000; run++) {
			long number = random.nextLong(1_000_000_000L) + 1;
			String secret = "s" + Long.toHexString(random.nextLong());
			String sql = "select * from accounts where id = " + number + " and token = '" + secret + "' and n = "
					+ (number * 3) + ".25";
			String sanitized = SqlSanitizer.sanitize(sql);
			assertThat(sanitized).isEqualTo("select * from accounts where id = ? and token = ? and n = ?");
		}
	}

}
