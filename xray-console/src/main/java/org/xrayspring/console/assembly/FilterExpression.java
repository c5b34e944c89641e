package org.xrayspring.console.assembly;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The subset of X-Ray filter expressions the console understands. Keywords are
 * case-insensitive.
 * <ul>
 * <li>{@code service("name")}: a service (segment or called resource) of that name is in
 * the trace;</li>
 * <li>{@code annotation.KEY = value} (also {@code !=}, {@code <}, {@code <=}, {@code >},
 * {@code >=}, {@code CONTAINS}, {@code BEGINSWITH}, {@code ENDSWITH}; a bare
 * {@code annotation.KEY} means "present and not false"); value a string in double quotes,
 * a number, {@code true} or {@code false};</li>
 * <li>{@code http.status}, {@code responsetime}, {@code duration} with a numeric
 * comparison;</li>
 * <li>{@code http.url}, {@code http.method}, {@code http.useragent},
 * {@code http.clientip}, {@code user}, {@code id} with a string comparison;</li>
 * <li>{@code fault}, {@code error}, {@code throttle}, {@code partial}, optionally
 * {@code = true|false};</li>
 * <li>combined with {@code AND} ({@code &&}), {@code OR} ({@code ||}), {@code NOT}
 * ({@code !}) and parentheses.</li>
 * </ul>
 * An expression is at most {@value #MAX_LENGTH} characters long and nests parentheses and
 * negations at most {@value #MAX_DEPTH} deep, so parsing and matching take time and stack
 * in proportion to a small bound.
 *
 * @author xray-spring-boot
 */
public final class FilterExpression {

	/**
	 * The longest expression accepted, in characters.
	 */
	public static final int MAX_LENGTH = 4000;

	/**
	 * The deepest nesting of parentheses and negations accepted.
	 */
	public static final int MAX_DEPTH = 32;

	private final Predicate<TraceAnalysis> predicate;

	private FilterExpression(Predicate<TraceAnalysis> predicate) {
		this.predicate = predicate;
	}

	/**
	 * Parse an expression.
	 * @param expression the expression; blank matches every trace
	 * @return the filter
	 * @throws IllegalArgumentException with a readable message if the expression is not
	 * understood
	 */
	public static FilterExpression parse(@Nullable String expression) {
		if (expression == null || expression.isBlank()) {
			return new FilterExpression((trace) -> true);
		}
		if (expression.length() > MAX_LENGTH) {
			throw new IllegalArgumentException("Filter expression is longer than " + MAX_LENGTH + " characters");
		}
		Parser parser = new Parser(tokenize(expression));
		Predicate<TraceAnalysis> predicate = parser.parseOr();
		if (!parser.atEnd()) {
			throw new IllegalArgumentException("Unexpected '" + parser.peek().text + "' in filter expression");
		}
		return new FilterExpression(predicate);
	}

	/**
	 * Return whether a trace matches.
	 * @param trace the trace
	 * @return {@code true} if it matches
	 */
	public boolean matches(TraceAnalysis trace) {
		return this.predicate.test(trace);
	}

	private static List<Token> tokenize(String text) {
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
			}
			else if (c == '"') {
				StringBuilder value = new StringBuilder();
				int j = i + 1;
				while (j < text.length() && text.charAt(j) != '"') {
					if (text.charAt(j) == '\\' && j + 1 < text.length()) {
						j++;
					}
					value.append(text.charAt(j));
					j++;
				}
				if (j >= text.length()) {
					throw new IllegalArgumentException("Unterminated string in filter expression");
				}
				tokens.add(new Token(Kind.STRING, value.toString()));
				i = j + 1;
			}
			else if (c == '(' || c == ')' || c == ',' || c == '{' || c == '}') {
				tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
				i++;
			}
			else if ("=!<>&|".indexOf(c) >= 0) {
				int j = i + 1;
				while (j < text.length() && "=&|".indexOf(text.charAt(j)) >= 0 && j - i < 2) {
					j++;
				}
				String op = text.substring(i, j);
				if (!List.of("=", "!=", "<", "<=", ">", ">=", "!", "&&", "||").contains(op)) {
					throw new IllegalArgumentException("Unknown operator '" + op + "' in filter expression");
				}
				tokens.add(new Token(Kind.SYMBOL, op));
				i = j;
			}
			else if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') {
				int j = i;
				while (j < text.length()
						&& (Character.isLetterOrDigit(text.charAt(j)) || ".-_:".indexOf(text.charAt(j)) >= 0)) {
					j++;
				}
				tokens.add(new Token(Kind.WORD, text.substring(i, j)));
				i = j;
			}
			else {
				throw new IllegalArgumentException("Unexpected character '" + c + "' in filter expression");
			}
		}
		return tokens;
	}

	private enum Kind {

		WORD, STRING, SYMBOL

	}

	private record Token(Kind kind, String text) {

		boolean is(String value) {
			return this.kind != Kind.STRING && this.text.equalsIgnoreCase(value);
		}

	}

	private static final class Parser {

		private final List<Token> tokens;

		private int position;

		private int depth;

		Parser(List<Token> tokens) {
			this.tokens = tokens;
		}

		boolean atEnd() {
			return this.position >= this.tokens.size();
		}

		Token peek() {
			if (atEnd()) {
				throw new IllegalArgumentException("Filter expression ends unexpectedly");
			}
			return this.tokens.get(this.position);
		}

		Token next() {
			Token token = peek();
			this.position++;
			return token;
		}

		boolean accept(String... values) {
			if (!atEnd()) {
				for (String value : values) {
					if (peek().is(value)) {
						this.position++;
						return true;
					}
				}
			}
			return false;
		}

		void expect(String value) {
			if (!accept(value)) {
				throw new IllegalArgumentException("Expected '" + value + "' in filter expression");
			}
		}

		Predicate<TraceAnalysis> parseOr() {
			List<Predicate<TraceAnalysis>> operands = new ArrayList<>();
			operands.add(parseAnd());
			while (accept("or", "||")) {
				operands.add(parseAnd());
			}
			// One flat loop rather than a chain of Predicate.or: matching stays shallow
			// however long the list.
			return (operands.size() == 1) ? operands.get(0)
					: (trace) -> operands.stream().anyMatch((operand) -> operand.test(trace));
		}

		Predicate<TraceAnalysis> parseAnd() {
			List<Predicate<TraceAnalysis>> operands = new ArrayList<>();
			operands.add(parseUnary());
			while (accept("and", "&&")) {
				operands.add(parseUnary());
			}
			return (operands.size() == 1) ? operands.get(0)
					: (trace) -> operands.stream().allMatch((operand) -> operand.test(trace));
		}

		Predicate<TraceAnalysis> parseUnary() {
			if (accept("!", "not")) {
				enter();
				Predicate<TraceAnalysis> negated = parseUnary().negate();
				this.depth--;
				return negated;
			}
			if (accept("(")) {
				enter();
				Predicate<TraceAnalysis> inner = parseOr();
				expect(")");
				this.depth--;
				return inner;
			}
			return parseTerm();
		}

		private void enter() {
			if (++this.depth > MAX_DEPTH) {
				throw new IllegalArgumentException(
						"Filter expression nests parentheses and negations deeper than " + MAX_DEPTH);
			}
		}

		Predicate<TraceAnalysis> parseTerm() {
			Token token = next();
			if (token.kind() != Kind.WORD) {
				throw new IllegalArgumentException("Expected a keyword but found '" + token.text() + "'");
			}
			String word = token.text().toLowerCase(Locale.ROOT);
			if (word.equals("service")) {
				expect("(");
				if (accept(")")) {
					return (trace) -> !trace.getSegments().isEmpty();
				}
				Token name = next();
				if (name.kind() != Kind.STRING) {
					throw new IllegalArgumentException("service() takes a name in double quotes");
				}
				expect(")");
				return (trace) -> trace.getServiceNames().contains(name.text());
			}
			if (word.startsWith("annotation.") && word.length() > "annotation.".length()) {
				String key = token.text().substring("annotation.".length());
				return parseAnnotation(key);
			}
			switch (word) {
				case "fault":
					return parseFlag(TraceAnalysis::hasFault);
				case "error":
					return parseFlag(TraceAnalysis::hasError);
				case "throttle":
					return parseFlag(TraceAnalysis::hasThrottle);
				case "partial":
					return parseFlag(TraceAnalysis::isPartial);
				case "responsetime":
					return parseNumber(TraceAnalysis::getResponseTime);
				case "duration":
					return parseNumber(TraceAnalysis::getDuration);
				case "http.status":
					return parseNumber((trace) -> {
						TraceNode root = trace.getRoot();
						Integer status = (root != null) ? root.getHttpStatus() : null;
						return (status != null) ? status : Double.NaN;
					});
				case "http.url":
					return parseString((trace) -> rootRequest(trace, "url"));
				case "http.method":
					return parseString((trace) -> rootRequest(trace, "method"));
				case "http.useragent":
					return parseString((trace) -> rootRequest(trace, "user_agent"));
				case "http.clientip":
					return parseString((trace) -> rootRequest(trace, "client_ip"));
				case "id":
					return parseString((trace) -> trace.getTrace().getTraceId());
				case "user":
					return parseAnyString((trace) -> new ArrayList<>(trace.getUsers()));
				default:
					throw new IllegalArgumentException("Unsupported keyword '" + token.text()
							+ "' (supported: service(), annotation.KEY, http.status, http.url, http.method, "
							+ "http.useragent, http.clientip, responsetime, duration, fault, error, throttle, "
							+ "partial, user, id)");
			}
		}

		private static @Nullable String rootRequest(TraceAnalysis trace, String field) {
			TraceNode root = trace.getRoot();
			return (root != null) ? root.getHttpRequest(field) : null;
		}

		private Predicate<TraceAnalysis> parseFlag(Predicate<TraceAnalysis> flag) {
			if (accept("=")) {
				boolean expected = parseBoolean();
				return (trace) -> flag.test(trace) == expected;
			}
			if (accept("!=")) {
				boolean expected = parseBoolean();
				return (trace) -> flag.test(trace) != expected;
			}
			return flag;
		}

		private boolean parseBoolean() {
			Token value = next();
			if (value.is("true")) {
				return true;
			}
			if (value.is("false")) {
				return false;
			}
			throw new IllegalArgumentException("Expected true or false but found '" + value.text() + "'");
		}

		private Predicate<TraceAnalysis> parseNumber(java.util.function.ToDoubleFunction<TraceAnalysis> value) {
			String op = operator(false);
			double expected = number(next());
			return (trace) -> compare(value.applyAsDouble(trace), op, expected);
		}

		private Predicate<TraceAnalysis> parseString(
				java.util.function.Function<TraceAnalysis, @Nullable String> value) {
			return parseAnyString((trace) -> {
				String single = value.apply(trace);
				return (single != null) ? List.of(single) : List.of();
			});
		}

		private Predicate<TraceAnalysis> parseAnyString(
				java.util.function.Function<TraceAnalysis, List<String>> values) {
			String op = operator(true);
			Token expected = next();
			if (expected.kind() == Kind.SYMBOL) {
				throw new IllegalArgumentException("Expected a value but found '" + expected.text() + "'");
			}
			return (trace) -> {
				List<String> actual = values.apply(trace);
				if (op.equals("!=")) {
					return actual.stream().noneMatch((candidate) -> candidate.equals(expected.text()));
				}
				return actual.stream().anyMatch((candidate) -> compareStrings(candidate, op, expected.text()));
			};
		}

		private Predicate<TraceAnalysis> parseAnnotation(String key) {
			if (atEnd() || !isOperator(peek())) {
				return (trace) -> trace.getAnnotations()
					.getOrDefault(key, List.of())
					.stream()
					.anyMatch((value) -> !(value.value().isBoolean() && !value.value().booleanValue()));
			}
			String op = operator(true);
			Token expected = next();
			if (expected.kind() == Kind.SYMBOL) {
				throw new IllegalArgumentException("Expected a value but found '" + expected.text() + "'");
			}
			return (trace) -> {
				List<TraceAnalysis.AnnotationValue> values = trace.getAnnotations().getOrDefault(key, List.of());
				if (op.equals("!=")) {
					return !values.isEmpty()
							&& values.stream().noneMatch((value) -> annotationEquals(value.value(), expected));
				}
				return values.stream().anyMatch((value) -> annotationMatches(value.value(), op, expected));
			};
		}

		private static boolean annotationEquals(JsonNode actual, Token expected) {
			return annotationMatches(actual, "=", expected);
		}

		private static boolean annotationMatches(JsonNode actual, String op, Token expected) {
			if (expected.kind() == Kind.STRING) {
				return actual.isString() && compareStrings(actual.stringValue(), op, expected.text());
			}
			if (expected.is("true") || expected.is("false")) {
				return actual.isBoolean() && op.equals("=")
						&& actual.booleanValue() == Boolean.parseBoolean(expected.text().toLowerCase(Locale.ROOT));
			}
			if (actual.isNumber()) {
				return compare(actual.doubleValue(), op, number(expected));
			}
			return false;
		}

		private boolean isOperator(Token token) {
			return token.kind() == Kind.SYMBOL && List.of("=", "!=", "<", "<=", ">", ">=").contains(token.text())
					|| token.is("contains") || token.is("beginswith") || token.is("endswith");
		}

		private String operator(boolean stringOperators) {
			Token token = next();
			if (token.kind() == Kind.SYMBOL && List.of("=", "!=", "<", "<=", ">", ">=").contains(token.text())) {
				return token.text();
			}
			if (stringOperators && (token.is("contains") || token.is("beginswith") || token.is("endswith"))) {
				return token.text().toLowerCase(Locale.ROOT);
			}
			throw new IllegalArgumentException("Expected a comparison operator but found '" + token.text() + "'");
		}

		private static double number(Token token) {
			try {
				return new BigDecimal(token.text()).doubleValue();
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("Expected a number but found '" + token.text() + "'");
			}
		}

		private static boolean compare(double actual, String op, double expected) {
			if (Double.isNaN(actual)) {
				return false;
			}
			return switch (op) {
				case "=" -> actual == expected;
				case "!=" -> actual != expected;
				case "<" -> actual < expected;
				case "<=" -> actual <= expected;
				case ">" -> actual > expected;
				case ">=" -> actual >= expected;
				default -> throw new IllegalArgumentException("Operator '" + op + "' needs a string value");
			};
		}

		private static boolean compareStrings(String actual, String op, String expected) {
			return switch (op) {
				case "=" -> actual.equals(expected);
				case "!=" -> !actual.equals(expected);
				case "contains" -> actual.contains(expected);
				case "beginswith" -> actual.startsWith(expected);
				case "endswith" -> actual.endsWith(expected);
				case "<" -> actual.compareTo(expected) < 0;
				case "<=" -> actual.compareTo(expected) <= 0;
				case ">" -> actual.compareTo(expected) > 0;
				case ">=" -> actual.compareTo(expected) >= 0;
				default -> false;
			};
		}

	}

}
