package org.xrayspring.autoconfigure.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * Replaces the literals of an SQL statement with {@code ?} in one pass without regular
 * expressions, so that recorded queries group by shape and carry no values.
 * <p>
 * String literals (with their {@code N}, {@code X}, {@code B}, {@code E} or
 * {@code _charset} prefix), dollar-quoted strings and numeric literals (integers,
 * decimals, exponents, {@code 0x} and {@code 0b}) become {@code ?}, read the way the
 * {@link SqlDialect} reads them. Quoted identifiers, comments, keywords, identifiers
 * containing digits and parameter markers ({@code ?}, {@code $1}, {@code :name}) are
 * kept.
 * <p>
 * Where the text could be read two ways, the reading that hides more wins, and when no
 * single reading hides every literal everything from that point on becomes one {@code ?}:
 * a backslash before a string's closing quote (an escape for MySQL's default mode and
 * PostgreSQL's {@code standard_conforming_strings=off}, a plain character otherwise), a
 * block comment opened inside a block comment where the dialect's nesting rule is not
 * known, an unterminated literal or block comment.
 * <p>
 * Each character is looked at a bounded number of times, so the work is linear in the
 * statement's length, and statements longer than {@link #MAX_LENGTH} are cut before
 * scanning.
 */
final class SqlSanitizer {

	/**
	 * Longer statements are sanitized up to this many characters; the rest is not
	 * recorded.
	 */
	static final int MAX_LENGTH = 65_536;

	private final String sql;

	private final SqlDialect dialect;

	private final int length;

	private SqlSanitizer(String sql, SqlDialect dialect) {
		this.sql = sql;
		this.dialect = dialect;
		this.length = sql.length();
	}

	/**
	 * Sanitizes a statement for a database whose dialect is not known.
	 * @param sql the statement, may be {@code null}
	 * @return the statement with its literals replaced
	 */
	static @Nullable String sanitize(@Nullable String sql) {
		return sanitize(sql, SqlDialect.UNKNOWN);
	}

	/**
	 * Sanitizes a statement.
	 * @param sql the statement, may be {@code null}
	 * @param dialect how the database reads it
	 * @return the statement with its literals replaced, the same instance when it has
	 * none
	 */
	static @Nullable String sanitize(@Nullable String sql, SqlDialect dialect) {
		if (sql == null) {
			return null;
		}
		String text = (sql.length() > MAX_LENGTH) ? sql.substring(0, MAX_LENGTH) : sql;
		return new SqlSanitizer(text, dialect).run();
	}

	private String run() {
		String sql = this.sql;
		int length = this.length;
		StringBuilder out = null;
		int copied = 0;
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			int literalEnd = -1;
			if (c == '\'') {
				literalEnd = endOfString(i, '\'', false);
			}
			else if (c == '"') {
				if (!this.dialect.doubleQuotedStrings) {
					i = endOfQuoted(i, '"');
					continue;
				}
				literalEnd = endOfString(i, '"', false);
			}
			else if (c == '`' && (this.dialect == SqlDialect.MYSQL || this.dialect == SqlDialect.UNKNOWN)) {
				i = endOfQuoted(i, '`');
				continue;
			}
			else if (c == '$') {
				int tagEnd = dollarTagEnd(i);
				if (tagEnd < 0) {
					// $1 placeholders and $ inside identifiers are kept
					i = endOfWord(i + 1);
					continue;
				}
				literalEnd = endOfDollarString(i, tagEnd);
			}
			else if (c == '[' && i + 1 < length && isIdentifierStart(sql.charAt(i + 1))) {
				// SQL Server identifiers; array subscripts such as a[1] are numbers and
				// handled below
				i = endOfBracketed(i);
				continue;
			}
			else if (c == '-' && startsLineComment(i)) {
				i = endOfLine(i + 2);
				continue;
			}
			else if (c == '#' && this.dialect.hashComments) {
				i = endOfLine(i + 1);
				continue;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				if (this.dialect.mysqlComments && i + 2 < length && sql.charAt(i + 2) == '!') {
					// MySQL runs the content of /*!NNNNN ... */ as code: scan it as code,
					// keeping the version
					i += 3;
					while (i < length && isDigit(sql.charAt(i))) {
						i++;
					}
					continue;
				}
				int commentEnd = endOfBlockComment(i);
				if (commentEnd >= 0) {
					i = commentEnd;
					continue;
				}
				literalEnd = length;
			}
			else if (isDigit(c) || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1)))) {
				literalEnd = endOfNumber(i);
			}
			else if (isIdentifierStart(c)) {
				int wordEnd = endOfWord(i + 1);
				char quote = (wordEnd < length) ? sql.charAt(wordEnd) : 0;
				if (!isStringPrefix(i, wordEnd, quote)) {
					i = wordEnd;
					continue;
				}
				// N'..', X'..', B'..', E'..', _utf8mb4'..', Oracle's q'[..]': the prefix
				// is part of the literal
				char last = sql.charAt(wordEnd - 1);
				if ((last == 'q' || last == 'Q') && wordEnd - i <= 2 && quote == '\'') {
					literalEnd = endOfAlternativeQuoted(wordEnd);
				}
				else {
					boolean escapes = this.dialect.escapeStrings && wordEnd - i == 1 && (c == 'e' || c == 'E');
					literalEnd = endOfString(wordEnd, quote, escapes);
				}
			}
			if (literalEnd < 0) {
				i++;
				continue;
			}
			if (out == null) {
				out = new StringBuilder(length);
			}
			out.append(sql, copied, i).append('?');
			copied = literalEnd;
			i = literalEnd;
		}
		if (out == null) {
			return sql;
		}
		out.append(sql, copied, length);
		return out.toString();
	}

	/**
	 * The index after the closing quote of a string whose opening quote is at
	 * {@code start}; the end of the statement when the string is unterminated or when its
	 * end depends on how backslashes are read.
	 */
	private int endOfString(int start, char quote, boolean escapes) {
		String sql = this.sql;
		int length = this.length;
		int backslashes = 0;
		int i = start + 1;
		while (i < length) {
			char c = sql.charAt(i);
			if (c == '\\') {
				if (escapes) {
					i += 2;
					continue;
				}
				backslashes++;
				i++;
				continue;
			}
			if (c == quote) {
				if ((backslashes & 1) == 1) {
					// an escaped quote to some servers, a closing quote to others: hide
					// the rest
					return length;
				}
				if (i + 1 < length && sql.charAt(i + 1) == quote) {
					i += 2;
					backslashes = 0;
					continue;
				}
				return i + 1;
			}
			backslashes = 0;
			i++;
		}
		return length;
	}

	/**
	 * The index after Oracle's {@code q'<d>...<d>'} whose quote is at {@code start}; the
	 * closing delimiter is the opening one or its bracket pair. The end of the statement
	 * when it is not closed.
	 */
	private int endOfAlternativeQuoted(int start) {
		if (start + 1 >= this.length) {
			return this.length;
		}
		char open = this.sql.charAt(start + 1);
		int pair = "[{(<".indexOf(open);
		char close = (pair >= 0) ? "]})>".charAt(pair) : open;
		for (int i = start + 2; i + 1 < this.length; i++) {
			if (this.sql.charAt(i) == close && this.sql.charAt(i + 1) == '\'') {
				return i + 2;
			}
		}
		return this.length;
	}

	private int endOfQuoted(int start, char quote) {
		int close = this.sql.indexOf(quote, start + 1);
		return (close < 0) ? this.length : close + 1;
	}

	/**
	 * After {@code [} at {@code start}: past {@code ]} when only a name lies between,
	 * else just past {@code [}.
	 */
	private int endOfBracketed(int start) {
		int i = start + 1;
		while (i < this.length && (isIdentifierPart(this.sql.charAt(i)) || this.sql.charAt(i) == ' ')) {
			i++;
		}
		return (i < this.length && this.sql.charAt(i) == ']') ? i + 1 : start + 1;
	}

	/**
	 * Whether {@code --} at {@code start} begins a comment: MySQL wants white space after
	 * it.
	 */
	private boolean startsLineComment(int start) {
		int next = start + 1;
		if (next >= this.length || this.sql.charAt(next) != '-') {
			return false;
		}
		if (!this.dialect.mysqlComments) {
			return true;
		}
		return next + 1 >= this.length || this.sql.charAt(next + 1) <= ' ';
	}

	/**
	 * The index of the line end from {@code from}: MySQL ends a comment at a newline,
	 * PostgreSQL at CR too.
	 */
	private int endOfLine(int from) {
		for (int i = from; i < this.length; i++) {
			char c = this.sql.charAt(i);
			if (c == '\n' || (c == '\r' && !this.dialect.mysqlComments)) {
				return i;
			}
		}
		return this.length;
	}

	/**
	 * The index after the block comment at {@code start}, or -1 when it is unterminated
	 * or opens another comment in a dialect whose nesting rule is not known (the rest is
	 * then hidden).
	 */
	private int endOfBlockComment(int start) {
		String sql = this.sql;
		int depth = 1;
		int i = start + 2;
		while (i + 1 < this.length) {
			char c = sql.charAt(i);
			char next = sql.charAt(i + 1);
			if (c == '*' && next == '/') {
				depth--;
				i += 2;
				if (depth == 0) {
					return i;
				}
			}
			else if (c == '/' && next == '*' && this.dialect.blockComments != SqlDialect.BlockComments.FLAT) {
				if (this.dialect.blockComments == SqlDialect.BlockComments.EITHER) {
					return -1;
				}
				depth++;
				i += 2;
			}
			else {
				i++;
			}
		}
		return -1;
	}

	/**
	 * For {@code $tag$} or {@code $$} at {@code start}: the index after the opening tag,
	 * else -1.
	 */
	private int dollarTagEnd(int start) {
		int i = start + 1;
		if (i < this.length && isDigit(this.sql.charAt(i))) {
			return -1;
		}
		while (i < this.length) {
			char c = this.sql.charAt(i);
			if (c == '$') {
				return i + 1;
			}
			if (!isIdentifierPart(c)) {
				return -1;
			}
			i++;
		}
		return -1;
	}

	private int endOfDollarString(int start, int tagEnd) {
		String tag = this.sql.substring(start, tagEnd);
		int close = this.sql.indexOf(tag, tagEnd);
		return (close < 0) ? this.length : close + tag.length();
	}

	private int endOfNumber(int start) {
		String sql = this.sql;
		int length = this.length;
		int i = start;
		if (sql.charAt(i) == '0' && i + 1 < length) {
			char radix = sql.charAt(i + 1);
			if (radix == 'x' || radix == 'X' || radix == 'b' || radix == 'B') {
				i += 2;
				// hex digits for both: a 0b literal's tail is hidden even if it is not
				// binary
				while (i < length && Character.digit(sql.charAt(i), 16) >= 0) {
					i++;
				}
				return i;
			}
		}
		while (i < length && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
			i++;
		}
		if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
			int j = i + 1;
			if (j < length && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
				j++;
			}
			if (j < length && isDigit(sql.charAt(j))) {
				i = j;
				while (i < length && isDigit(sql.charAt(i))) {
					i++;
				}
			}
		}
		return i;
	}

	/**
	 * Whether the word from {@code start} to {@code end} prefixes a string literal opened
	 * by {@code quote}.
	 */
	private boolean isStringPrefix(int start, int end, char quote) {
		if (quote != '\'' && (quote != '"' || !this.dialect.doubleQuotedStrings)) {
			return false;
		}
		char first = this.sql.charAt(start);
		if (end - start == 1) {
			return "nNxXbBeEqQ".indexOf(first) >= 0;
		}
		if (end - start == 2 && quote == '\'') {
			// Oracle's national alternative quoting, nq'[..]'
			char second = this.sql.charAt(start + 1);
			return (first == 'n' || first == 'N') && (second == 'q' || second == 'Q');
		}
		return first == '_';
	}

	private int endOfWord(int from) {
		int i = from;
		while (i < this.length && isIdentifierPart(this.sql.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private boolean isIdentifierStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == ':'
				|| (c == '#' && !this.dialect.hashComments) || (c > 0x7f && Character.isLetter(c));
	}

	private boolean isIdentifierPart(char c) {
		return isIdentifierStart(c) || isDigit(c) || c == '$';
	}

}
