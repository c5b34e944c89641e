package org.xrayspring.recorder.url;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Removes what must never be recorded from a URL: credentials, the values of secret-like
 * parameters, path parameters and fragments. Every URL an instrumentation records (HTTP
 * request URLs inbound and outbound, JDBC URLs) goes through {@link #redact(String)}.
 * <p>
 * What is removed:
 * <ul>
 * <li>user information: everything before the last {@code @} of the authority
 * ({@code //...} up to the first {@code /}, {@code ?} or {@code #}), so
 * {@code https://user:pass@host/} becomes {@code https://host/}. In a JDBC URL the
 * authority also ends where its first {@code ;name=} property starts (SQL Server's
 * {@code ;user=name@domain} is a property, not user information), and Oracle's
 * {@code user/password@} after {@code jdbc:oracle:<driver>:} is removed (a double-quoted
 * password may contain {@code @});</li>
 * <li>the value of every parameter with a secret-like name, replaced by
 * {@value #REDACTED}; the name stays, which is what one needs to debug. Parameters are
 * {@code name=value} pairs after {@code ?} and {@code &} (query strings, value up to the
 * next {@code &}); in JDBC URLs also after {@code ;} and {@code :} (H2, SQL Server,
 * Derby, DB2 properties, value up to the next {@code ;}, or a SQL Server {@code {...}}
 * value) and inside parentheses after {@code (} and {@code ,} (MySQL's
 * {@code address=(...)}, Oracle descriptors; value up to {@code )} or {@code ,}). A name
 * is compared after normalization: percent-escapes decoded, ASCII letters lower-cased,
 * all but ASCII letters and digits dropped ({@code X-Amz-Security-Token},
 * {@code access_token} and {@code %41pi-Key} become {@code xamzsecuritytoken},
 * {@code accesstoken} and {@code apikey}). It is secret when it contains
 * {@code password}, {@code passwd}, {@code pwd}, {@code passphrase}, {@code secret},
 * {@code token}, {@code signature}, {@code credential}, {@code apikey},
 * {@code accesskey}, {@code sessid}, {@code sessionid}, {@code authorization} or
 * {@code cookie}; ends with {@code key}; is one of {@code sig}, {@code auth},
 * {@code pass}, {@code code}, {@code user}, {@code username}, {@code uid},
 * {@code userid}, {@code login}, {@code sid}, {@code session}, {@code ticket},
 * {@code otp}, {@code jwt}; or is longer than 128 characters (bounded work). User names
 * count as credentials here: the database user is recorded as {@code sql.user};</li>
 * <li>outside JDBC URLs: path parameters ({@code ;...} up to the end of each path
 * segment, e.g. {@code ;jsessionid=...}) and the fragment ({@code #...}, never sent to a
 * server).</li>
 * </ul>
 * A URL with none of {@code ; @ ? # =} is returned as it is without any allocation, which
 * is the common case of an inbound request without query string. The work is linear in
 * the URL's length, and nothing here throws: a URL the rules cannot take apart is
 * recorded as {@value #REDACTED}.
 */
public final class UrlRedactor {

	/** What replaces a secret parameter's value. */
	public static final String REDACTED = "REDACTED";

	/**
	 * Longer normalized parameter names are treated as secret: the check's work stays
	 * bounded.
	 */
	static final int MAX_NAME_LENGTH = 128;

	/** A normalized name containing one of these is secret. */
	private static final String[] SECRET_PARTS = { "password", "passwd", "pwd", "passphrase", "secret", "token",
			"signature", "credential", "apikey", "accesskey", "sessid", "sessionid", "authorization", "cookie" };

	/** A normalized name equal to one of these is secret. */
	private static final String[] SECRET_NAMES = { "sig", "auth", "pass", "code", "user", "username", "uid", "userid",
			"login", "sid", "session", "ticket", "otp", "jwt" };

	/** {@link #SECRET_PARTS} by first letter, so that a name is checked in one pass. */
	private static final String[][] PARTS_BY_FIRST_LETTER = byFirstLetter(SECRET_PARTS);

	/** {@link #SECRET_NAMES} by first letter. */
	private static final String[][] NAMES_BY_FIRST_LETTER = byFirstLetter(SECRET_NAMES);

	private static final String JDBC = "jdbc:";

	private static final String JDBC_ORACLE = "jdbc:oracle:";

	private UrlRedactor() {
	}

	/**
	 * The URL as it may be recorded.
	 * @param url a URL, absolute or a path, possibly malformed
	 * @return the URL without credentials, secret parameter values, path parameters and
	 * fragment; {@code null} for {@code null}
	 */
	public static @Nullable String redact(String url) {
		if (url == null || !mayHoldSecrets(url)) {
			return url;
		}
		try {
			return redactOrThrow(url);
		}
		catch (RuntimeException ex) {
			// a defect in the rules must not leak the URL nor reach the caller
			return REDACTED;
		}
	}

	/**
	 * Whether a parameter name is secret-like, by the rules of the class description.
	 * @param text the text holding the name
	 * @param start the name's first index
	 * @param end the index after the name
	 * @return whether the parameter's value must not be recorded
	 */
	static boolean isSecretName(CharSequence text, int start, int end) {
		char[] name = new char[Math.min(end - start, MAX_NAME_LENGTH)];
		int length = 0;
		for (int i = start; i < end; i++) {
			int c = text.charAt(i);
			if (c == '%' && i + 2 < end) {
				int high = hexDigit(text.charAt(i + 1));
				int low = hexDigit(text.charAt(i + 2));
				if (high >= 0 && low >= 0) {
					c = high * 16 + low;
					i += 2;
				}
			}
			if (c >= 'A' && c <= 'Z') {
				c += 'a' - 'A';
			}
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				if (length == MAX_NAME_LENGTH) {
					return true;
				}
				name[length++] = (char) c;
			}
		}
		if (length >= 3 && matchesAt(name, length, length - 3, "key")) {
			return true;
		}
		if (length > 0 && isLetter(name[0])) {
			for (String candidate : NAMES_BY_FIRST_LETTER[name[0] - 'a']) {
				if (candidate.length() == length && matchesAt(name, length, 0, candidate)) {
					return true;
				}
			}
		}
		return containsSecretPart(name, length);
	}

	private static boolean containsSecretPart(char[] name, int length) {
		for (int i = 0; i < length; i++) {
			if (isLetter(name[i])) {
				for (String part : PARTS_BY_FIRST_LETTER[name[i] - 'a']) {
					if (matchesAt(name, length, i, part)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private static boolean matchesAt(char[] name, int length, int offset, String word) {
		if (offset + word.length() > length) {
			return false;
		}
		for (int i = 0; i < word.length(); i++) {
			if (name[offset + i] != word.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isLetter(char c) {
		return c >= 'a' && c <= 'z';
	}

	private static int hexDigit(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
	}

	private static String[][] byFirstLetter(String[] words) {
		String[][] result = new String[26][];
		for (char letter = 'a'; letter <= 'z'; letter++) {
			char first = letter;
			result[letter - 'a'] = Arrays.stream(words)
				.filter((word) -> word.charAt(0) == first)
				.toArray(String[]::new);
		}
		return result;
	}

	static boolean mayHoldSecrets(String url) {
		for (int i = 0; i < url.length(); i++) {
			switch (url.charAt(i)) {
				case ';', '@', '?', '#', '=':
					return true;
				default:
			}
		}
		return false;
	}

	static String redactOrThrow(String url) {
		if (url.regionMatches(true, 0, JDBC, 0, JDBC.length())) {
			String result = url.regionMatches(true, 0, JDBC_ORACLE, 0, JDBC_ORACLE.length())
					? removeOracleCredentials(url) : url;
			result = removeUserInfo(result, true);
			return redactParameters(result, 0, true);
		}
		int hash = url.indexOf('#');
		String result = (hash >= 0) ? url.substring(0, hash) : url;
		result = removeUserInfo(result, false);
		result = removePathParameters(result);
		int query = result.indexOf('?');
		return (query >= 0) ? redactParameters(result, query, false) : result;
	}

	/**
	 * {@code jdbc:oracle:<driver>:<user>/<password>@<database>}: everything between the
	 * driver and the @.
	 */
	private static String removeOracleCredentials(String url) {
		int driverEnd = url.indexOf(':', JDBC_ORACLE.length());
		if (driverEnd < 0) {
			return url;
		}
		int start = driverEnd + 1;
		int at = -1;
		boolean quoted = false;
		for (int i = start; i < url.length() && at < 0; i++) {
			char c = url.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == '@' && !quoted) {
				at = i;
			}
		}
		if (at < 0 && quoted) {
			// an unterminated quote: nothing after the driver can be told apart from the
			// password
			return url.substring(0, start);
		}
		return (at > start) ? url.substring(0, start) + url.substring(at) : url;
	}

	private static String removeUserInfo(String url, boolean jdbc) {
		int start = authorityStart(url, jdbc);
		if (start < 0) {
			return url;
		}
		int end = authorityEnd(url, start, jdbc);
		int at = url.lastIndexOf('@', end - 1);
		return (at >= start) ? url.substring(0, start) + url.substring(at + 1) : url;
	}

	/**
	 * The index after the {@code //} that starts the authority, or -1. In a JDBC URL that
	 * is the first {@code //} before any parameter; otherwise the one right after the
	 * scheme, or at the very start.
	 */
	private static int authorityStart(String url, boolean jdbc) {
		if (jdbc) {
			int slashes = url.indexOf("//");
			if (slashes < 0) {
				return -1;
			}
			for (int i = 0; i < slashes; i++) {
				char c = url.charAt(i);
				if (c == '?' || c == ';') {
					return -1;
				}
			}
			return slashes + 2;
		}
		int schemeEnd = schemeEnd(url);
		int slashes = (schemeEnd >= 0) ? schemeEnd + 1 : 0;
		return url.startsWith("//", slashes) ? slashes + 2 : -1;
	}

	private static int authorityEnd(String url, int start, boolean jdbc) {
		for (int i = start; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c == '/' || c == '?' || (c == '#' && !jdbc) || (c == ';' && jdbc && startsProperty(url, i))) {
				return i;
			}
		}
		return url.length();
	}

	/** Whether a {@code ;} starts a {@code name=} property. */
	private static boolean startsProperty(String url, int semicolon) {
		for (int i = semicolon + 1; i < url.length(); i++) {
			switch (url.charAt(i)) {
				case '=':
					return i > semicolon + 1;
				case ';', '@', '/', '?':
					return false;
				default:
			}
		}
		return false;
	}

	/** The index of the colon ending an RFC 3986 scheme, or -1. */
	private static int schemeEnd(String url) {
		if (url.isEmpty() || !isAsciiLetter(url.charAt(0))) {
			return -1;
		}
		for (int i = 1; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c == ':') {
				return i;
			}
			if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
				return -1;
			}
		}
		return -1;
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	/**
	 * Removes {@code ;...} up to the end of each path segment, from a URL without
	 * fragment.
	 */
	private static String removePathParameters(String url) {
		int start = authorityStart(url, false);
		if (start >= 0) {
			start = authorityEnd(url, start, false);
		}
		else {
			start = schemeEnd(url) + 1;
		}
		int query = url.indexOf('?', start);
		int end = (query >= 0) ? query : url.length();
		int semicolon = url.indexOf(';', start);
		if (semicolon < 0 || semicolon >= end) {
			return url;
		}
		StringBuilder result = new StringBuilder(url.length()).append(url, 0, semicolon);
		boolean inParameters = true;
		for (int i = semicolon + 1; i < end; i++) {
			char c = url.charAt(i);
			if (c == '/') {
				inParameters = false;
			}
			else if (c == ';') {
				inParameters = true;
			}
			if (!inParameters) {
				result.append(c);
			}
		}
		return result.append(url, end, url.length()).toString();
	}

	/**
	 * Replaces the values of secret parameters from {@code from} on. Names start after an
	 * opener; a parameter's value is scanned for further parameters unless it is secret
	 * (a URL carried in a parameter is covered too).
	 */
	private static String redactParameters(String url, int from, boolean jdbc) {
		StringBuilder result = null;
		int copied = 0;
		int depth = 0;
		int i = from;
		while (i < url.length()) {
			char c = url.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')' && depth > 0) {
				depth--;
			}
			if (!isOpener(c, depth, jdbc)) {
				i++;
				continue;
			}
			int nameStart = i + 1;
			int nameEnd = nameStart;
			while (nameEnd < url.length() && !isNameStop(url.charAt(nameEnd), jdbc)) {
				nameEnd++;
			}
			if (nameEnd == nameStart || nameEnd == url.length() || url.charAt(nameEnd) != '=') {
				// not a parameter: carry on from the character that ended the name, it
				// may open one
				i = Math.max(nameEnd, i + 1);
				continue;
			}
			int valueStart = nameEnd + 1;
			if (!isSecretName(url, nameStart, nameEnd)) {
				i = valueStart;
				continue;
			}
			int valueEnd = valueEnd(url, valueStart, c, jdbc);
			if (valueEnd > valueStart) {
				if (result == null) {
					result = new StringBuilder(url.length());
				}
				result.append(url, copied, valueStart).append(REDACTED);
				copied = valueEnd;
			}
			i = valueEnd;
		}
		return (result != null) ? result.append(url, copied, url.length()).toString() : url;
	}

	private static boolean isOpener(char c, int depth, boolean jdbc) {
		return switch (c) {
			case '?', '&', ';' -> true;
			case ':', '(' -> jdbc;
			case ',' -> jdbc && depth > 0;
			default -> false;
		};
	}

	private static boolean isNameStop(char c, boolean jdbc) {
		return switch (c) {
			case '=', '&', ';' -> true;
			case '?', ':', '(', ')', ',', '/', '@' -> jdbc;
			default -> false;
		};
	}

	private static int valueEnd(String url, int start, char opener, boolean jdbc) {
		if (!jdbc || opener == '?' || opener == '&') {
			return indexOfOrEnd(url, '&', start);
		}
		if (opener == '(' || opener == ',') {
			for (int i = start; i < url.length(); i++) {
				if (url.charAt(i) == ')' || url.charAt(i) == ',') {
					return i;
				}
			}
			return url.length();
		}
		if (start < url.length() && url.charAt(start) == '{') {
			return bracedValueEnd(url, start);
		}
		return indexOfOrEnd(url, ';', start);
	}

	/** SQL Server's braced value, in which two closing braces stand for one. */
	private static int bracedValueEnd(String url, int start) {
		int i = start + 1;
		while (i < url.length()) {
			if (url.charAt(i) == '}') {
				if (i + 1 < url.length() && url.charAt(i + 1) == '}') {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return url.length();
	}

	private static int indexOfOrEnd(String url, char c, int from) {
		int index = url.indexOf(c, from);
		return (index >= 0) ? index : url.length();
	}

}
