package org.xrayspring.autoconfigure.jdbc;

/**
 * Replaces the literals of an SQL statement with {@code ?} in one pass without regular expressions, so that
 * recorded queries group by shape and carry no values.
 * <p>
 * String literals ({@code '...'} with doubled quotes or backslash escapes, PostgreSQL dollar-quoted strings)
 * and numeric literals (integers, decimals, exponents, hexadecimal) become {@code ?}. Quoted identifiers
 * ({@code "..."}, {@code `...`}, {@code [...]}), comments, keywords, identifiers containing digits and
 * parameter markers ({@code ?}, {@code $1}, {@code :name}) are kept. An unterminated literal is replaced up to
 * the end, so a malformed statement never leaks its tail.
 */
final class SqlSanitizer {

	private SqlSanitizer() {
	}

	static String sanitize(String sql) {
		if (sql == null) {
			return null;
		}
		int length = sql.length();
		StringBuilder out = null;
		int copied = 0;
		int i = 0;
		while (i < length) {
			char c = sql.charAt(i);
			int literalEnd = -1;
			if (c == '\'') {
				literalEnd = endOfString(sql, i);
			}
			else if (c == '$') {
				int tagEnd = dollarTagEnd(sql, i);
				if (tagEnd > 0) {
					literalEnd = endOfDollarString(sql, i, tagEnd);
				}
				else {
					// $1 placeholders and $ inside identifiers are kept
					i = endOfWord(sql, i + 1);
					continue;
				}
			}
			else if (c == '"' || c == '`') {
				i = endOfQuoted(sql, i, c);
				continue;
			}
			else if (c == '[' && i + 1 < length && isIdentifierStart(sql.charAt(i + 1))) {
				// SQL Server identifiers; array subscripts such as a[1] are numbers and handled below
				int close = sql.indexOf(']', i);
				if (close > 0 && isWord(sql, i + 1, close)) {
					i = close + 1;
					continue;
				}
				i++;
				continue;
			}
			else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
				int newline = sql.indexOf('\n', i);
				i = (newline < 0) ? length : newline;
				continue;
			}
			else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
				int close = sql.indexOf("*/", i + 2);
				i = (close < 0) ? length : close + 2;
				continue;
			}
			else if (isDigit(c) || (c == '.' && i + 1 < length && isDigit(sql.charAt(i + 1)))) {
				literalEnd = endOfNumber(sql, i);
			}
			else if (isIdentifierStart(c)) {
				i = endOfWord(sql, i + 1);
				continue;
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

	/** The index after the closing quote of a string literal starting at {@code start}, or the end. */
	private static int endOfString(String sql, int start) {
		int length = sql.length();
		int i = start + 1;
		while (i < length) {
			char c = sql.charAt(i);
			if (c == '\\') {
				i += 2;
			}
			else if (c == '\'') {
				if (i + 1 < length && sql.charAt(i + 1) == '\'') {
					i += 2;
				}
				else {
					return i + 1;
				}
			}
			else {
				i++;
			}
		}
		return length;
	}

	private static int endOfQuoted(String sql, int start, char quote) {
		int close = sql.indexOf(quote, start + 1);
		return (close < 0) ? sql.length() : close + 1;
	}

	/** For {@code $tag$} or {@code $$} at {@code start}: the index after the opening tag, else -1. */
	private static int dollarTagEnd(String sql, int start) {
		int i = start + 1;
		int length = sql.length();
		if (i < length && isDigit(sql.charAt(i))) {
			return -1;
		}
		while (i < length) {
			char c = sql.charAt(i);
			if (c == '$') {
				return i + 1;
			}
			if (!isIdentifierPart(c) || c == '$') {
				return -1;
			}
			i++;
		}
		return -1;
	}

	private static int endOfDollarString(String sql, int start, int tagEnd) {
		String tag = sql.substring(start, tagEnd);
		int close = sql.indexOf(tag, tagEnd);
		return (close < 0) ? sql.length() : close + tag.length();
	}

	private static int endOfNumber(String sql, int start) {
		int length = sql.length();
		int i = start;
		if (sql.charAt(i) == '0' && i + 1 < length && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
			i += 2;
			while (i < length && Character.digit(sql.charAt(i), 16) >= 0) {
				i++;
			}
			return i;
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

	private static int endOfWord(String sql, int from) {
		int i = from;
		while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean isWord(String sql, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = sql.charAt(i);
			if (!isIdentifierPart(c) && c != ' ') {
				return false;
			}
		}
		return true;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isIdentifierStart(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '#'
				|| c == ':' || (c > 0x7f && Character.isLetter(c));
	}

	private static boolean isIdentifierPart(char c) {
		return isIdentifierStart(c) || isDigit(c) || c == '$';
	}

}
