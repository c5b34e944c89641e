package org.xrayspring.recorder.sampling;

import org.jspecify.annotations.Nullable;

/**
 * A sampling-rule pattern (also used to match host names for segment naming): {@code *}
 * matches any sequence of characters (including none), {@code ?} exactly one character
 * (one UTF-16 unit, as in the X-Ray SDKs), everything else itself, ignoring case.
 * <p>
 * Matching runs on every sampling decision, so it allocates nothing and never recurses:
 * the usual greedy algorithm that remembers only the last {@code *} and, on a mismatch,
 * lets that star absorb one more character. That is correct because a later star can
 * always take over what an earlier one would have matched, and it is O(pattern &times;
 * text) in the worst case, O(text) for typical patterns. Patterns that are only stars or
 * contain no wildcard take a shortcut.
 */
public final class WildcardPattern {

	private static final int KIND_ANY = 0;

	private static final int KIND_LITERAL = 1;

	private static final int KIND_WILDCARD = 2;

	private final String pattern;

	private final int kind;

	private WildcardPattern(String pattern) {
		this.pattern = pattern;
		this.kind = kindOf(pattern);
	}

	/**
	 * Compiles a pattern.
	 * @param pattern the pattern, not {@code null}
	 * @return the compiled pattern
	 */
	public static WildcardPattern compile(String pattern) {
		if (pattern == null) {
			throw new IllegalArgumentException("pattern must not be null");
		}
		return new WildcardPattern(pattern);
	}

	private static int kindOf(String pattern) {
		boolean onlyStars = !pattern.isEmpty();
		boolean hasWildcard = false;
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c != '*') {
				onlyStars = false;
			}
			if (c == '*' || c == '?') {
				hasWildcard = true;
			}
		}
		return onlyStars ? KIND_ANY : (hasWildcard ? KIND_WILDCARD : KIND_LITERAL);
	}

	String pattern() {
		return this.pattern;
	}

	/**
	 * Returns whether the whole text matches this pattern; {@code null} is treated as the
	 * empty string.
	 * @param text the text
	 * @return whether it matches
	 */
	public boolean matches(@Nullable String text) {
		String t = (text != null) ? text : "";
		return switch (this.kind) {
			case KIND_ANY -> true;
			case KIND_LITERAL -> this.pattern.equalsIgnoreCase(t);
			default -> matches(this.pattern, t);
		};
	}

	/**
	 * Returns whether the whole text matches the pattern, without compiling it.
	 * @param pattern the pattern
	 * @param text the text
	 * @return whether it matches
	 */
	static boolean matches(String pattern, String text) {
		int patternLength = pattern.length();
		int textLength = text.length();
		int p = 0;
		int t = 0;
		int starP = -1; // position of the last '*' seen in the pattern
		int starT = 0; // text position where that star's match currently ends
		while (t < textLength) {
			if (p < patternLength) {
				char pc = pattern.charAt(p);
				if (pc == '*') {
					starP = p++;
					starT = t;
					continue;
				}
				if (pc == '?' || equalsIgnoreCase(pc, text.charAt(t))) {
					p++;
					t++;
					continue;
				}
			}
			if (starP < 0) {
				return false;
			}
			// Let the last star absorb one more character and retry from just after it.
			p = starP + 1;
			t = ++starT;
		}
		while (p < patternLength && pattern.charAt(p) == '*') {
			p++;
		}
		return p == patternLength;
	}

	/**
	 * Compares two characters ignoring case the way
	 * {@link String#equalsIgnoreCase(String)} does.
	 */
	private static boolean equalsIgnoreCase(char a, char b) {
		if (a == b) {
			return true;
		}
		char ua = Character.toUpperCase(a);
		char ub = Character.toUpperCase(b);
		return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
