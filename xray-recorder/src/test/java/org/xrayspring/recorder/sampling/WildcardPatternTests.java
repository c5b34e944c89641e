package org.xrayspring.recorder.sampling;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WildcardPattern}.
 */
class WildcardPatternTests {

	@ParameterizedTest(name = "\"{0}\" vs \"{1}\" -> {2}")
	@CsvSource(delimiter = '|', emptyValue = "", textBlock = """
			*                | ''                     | true
			*                | anything at all        | true
			**               | ''                     | true
			''               | ''                     | true
			''               | a                      | false
			abc              | abc                    | true
			abc              | ABC                    | true
			aBc              | AbC                    | true
			abc              | abcd                   | false
			abc              | ab                     | false
			GET              | get                    | true
			GET              | POST                   | false
			a?c              | abc                    | true
			a?c              | aXc                    | true
			a?c              | ac                     | false
			a?c              | abbc                   | false
			?                | ''                     | false
			?                | x                      | true
			??               | x                      | false
			?*               | ''                     | false
			*?               | x                      | true
			*?               | ''                     | false
			a*               | a                      | true
			a*               | abcdef                 | true
			a*               | ba                     | false
			*a               | bba                    | true
			*a               | ab                     | false
			a*b*c            | aXbYc                  | true
			a*b*c            | abc                    | true
			a*b*c            | aXcYb                  | false
			*b*              | abc                    | true
			*b*              | ac                     | false
			/api/move/*      | /api/move/up           | true
			/api/move/*      | /API/MOVE/up           | true
			/api/move/*      | /api/move/             | true
			/api/move/*      | /api/move              | false
			/api/move/*      | /api/moves/up          | false
			*.example.com    | api.EXAMPLE.com        | true
			*.example.com    | example.com            | false
			api-?.example.com| api-1.example.com      | true
			api-?.example.com| api-12.example.com     | false
			*/health*        | /actuator/health/db    | true
			a*a*a*a*a*b      | aaaaaaaaaaaaaaaaaaaaaa | false
			a*a*a*a*a*b      | aaaaaaaaaaaaaaaaaaaaab | true
			*ab*ab*          | xaxabyyab              | true
			*ab*ab*          | xaxabyyb               | false
			""")
	void matchesTable(String pattern, String text, boolean expected) {
		assertThat(WildcardPattern.compile(pattern).matches(text)).isEqualTo(expected);
		assertThat(WildcardPattern.matches(pattern, text)).isEqualTo(expected);
	}

	@Test
	void nullTextIsEmpty() {
		assertThat(WildcardPattern.compile("*").matches(null)).isTrue();
		assertThat(WildcardPattern.compile("").matches(null)).isTrue();
		assertThat(WildcardPattern.compile("?").matches(null)).isFalse();
		assertThat(WildcardPattern.compile("a*").matches(null)).isFalse();
	}

	@Test
	void agreesWithRegexOnSeededRandomPatterns() {
		Random random = new Random(42L);
		for (int i = 0; i < 20_000; i++) {
			String pattern = randomString(random, "aAb*?", 8);
			String text = randomString(random, "aAbB", 10);
			boolean expected = toRegex(pattern).matcher(text).matches();
			assertThat(WildcardPattern.matches(pattern, text)).as("%s vs %s", pattern, text).isEqualTo(expected);
			assertThat(WildcardPattern.compile(pattern).matches(text)).as("%s vs %s", pattern, text)
				.isEqualTo(expected);
		}
	}

	@Test
	void caseFoldingAgreesWithStringEqualsIgnoreCase() {
		// The general algorithm must fold case exactly like the literal shortcut, for any
		// characters.
		Random random = new Random(3L);
		for (int i = 0; i < 20_000; i++) {
			char a = (char) random.nextInt(0x3000);
			if (a == '*' || a == '?') {
				continue;
			}
			char b = (random.nextBoolean()) ? Character.toUpperCase(a) : (char) random.nextInt(0x3000);
			String pattern = a + "*";
			String text = String.valueOf(b);
			assertThat(WildcardPattern.matches(pattern, text)).as("U+%04X vs U+%04X", (int) a, (int) b)
				.isEqualTo(String.valueOf(a).equalsIgnoreCase(text));
		}
	}

	private static String randomString(Random random, String alphabet, int maxLength) {
		char[] chars = new char[random.nextInt(maxLength + 1)];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
		}
		return new String(chars);
	}

	private static Pattern toRegex(String pattern) {
		StringBuilder regex = new StringBuilder();
		for (char c : pattern.toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
	}

}
