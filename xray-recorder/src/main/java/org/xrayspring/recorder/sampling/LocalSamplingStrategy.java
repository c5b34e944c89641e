package org.xrayspring.recorder.sampling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Samples by local rules, in the X-Ray SDKs' local rules format (version 1 or 2):
 *
 * <pre class="code">
 * {
 *   "version": 2,
 *   "rules": [
 *     {"description": "Player moves.", "host": "*", "http_method": "*", "url_path": "/api/move/*",
 *      "fixed_target": 0, "rate": 0.05}
 *   ],
 *   "default": {"fixed_target": 1, "rate": 0.1}
 * }
 * </pre>
 *
 * Rules are tried in file order and the first whose host, HTTP method and URL path
 * patterns match (ignoring case, {@code *} any sequence, {@code ?} one character)
 * decides, else the default rule. A rule samples the first {@code fixed_target} matching
 * requests in each second (its own reservoir, per process) and then a {@code rate}
 * fraction of the rest. Version 1 rules name {@code service_name} instead of
 * {@code host}; as in the SDKs it is matched against the request's host. Unknown fields
 * are ignored and a missing {@code rules} array means none.
 * <p>
 * Thread-safe and lock-free; {@link #shouldTrace(SamplingRequest)} never throws (if a
 * supplied clock or random source fails, the request is not sampled).
 */
public final class LocalSamplingStrategy implements SamplingStrategy {

	/**
	 * Largest rules document read from a stream, so that a wrong file cannot exhaust
	 * memory.
	 */
	static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

	private static final DoubleSupplier THREAD_LOCAL_RANDOM = () -> ThreadLocalRandom.current().nextDouble();

	private static final SamplingRequest EMPTY_REQUEST = new SamplingRequest(null, null, null, null);

	private final LocalSamplingRule defaultRule;

	private final List<LocalSamplingRule> ruleList;

	// Arrays rather than lists on the hot path: no iterator, no bounds re-checks through
	// interfaces.
	private final LocalSamplingRule[] rules;

	private final Reservoir[] reservoirs;

	private final Reservoir defaultReservoir;

	private final LongSupplier nanoClock;

	private final DoubleSupplier random;

	private LocalSamplingStrategy(LocalSamplingRule defaultRule, List<LocalSamplingRule> rules, LongSupplier nanoClock,
			DoubleSupplier random) {
		this.defaultRule = defaultRule;
		this.ruleList = List.copyOf(rules);
		this.rules = this.ruleList.toArray(new LocalSamplingRule[0]);
		this.nanoClock = nanoClock;
		this.random = random;
		long now = nanoClock.getAsLong();
		this.reservoirs = new Reservoir[this.rules.length];
		for (int i = 0; i < this.rules.length; i++) {
			this.reservoirs[i] = new Reservoir(this.rules[i].fixedTarget(), now);
		}
		this.defaultReservoir = new Reservoir(defaultRule.fixedTarget(), now);
	}

	/**
	 * Creates a strategy with the given time and randomness sources, for deterministic
	 * tests.
	 * @param defaultRule the default rule
	 * @param rules the other rules, in order
	 * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
	 * @param random a source of doubles in {@code [0, 1)}
	 * @return the strategy
	 */
	static LocalSamplingStrategy create(LocalSamplingRule defaultRule, List<LocalSamplingRule> rules,
			LongSupplier nanoClock, DoubleSupplier random) {
		return new LocalSamplingStrategy(defaultRule, rules, nanoClock, random);
	}

	/**
	 * Returns a strategy with the same rules, fresh reservoirs and the given time and
	 * randomness sources, for deterministic tests.
	 * @param nanoClock a monotonic clock in nanoseconds
	 * @param random a source of doubles in {@code [0, 1)}
	 * @return the strategy
	 */
	LocalSamplingStrategy withSources(LongSupplier nanoClock, DoubleSupplier random) {
		return new LocalSamplingStrategy(this.defaultRule, this.ruleList, nanoClock, random);
	}

	/**
	 * Returns the built-in default: no rules, default rule of one request per second plus
	 * 5 % of the rest
	 * ({@code {"version":2,"default":{"fixed_target":1,"rate":0.05},"rules":[]}}).
	 * @return the strategy
	 */
	public static LocalSamplingStrategy defaultStrategy() {
		return of(1, 0.05);
	}

	/**
	 * Returns a strategy with only a default rule.
	 * @param fixedTarget requests sampled per second, at least 0
	 * @param rate fraction of further requests sampled, between 0 and 1
	 * @return the strategy
	 * @throws IllegalArgumentException if a value is out of range
	 */
	public static LocalSamplingStrategy of(int fixedTarget, double rate) {
		if (fixedTarget < 0) {
			throw new IllegalArgumentException("Sampling fixed target must not be negative but was " + fixedTarget);
		}
		if (!(rate >= 0 && rate <= 1)) {
			throw new IllegalArgumentException("Sampling rate must be between 0 and 1 but was " + rate);
		}
		return new LocalSamplingStrategy(LocalSamplingRule.matchingAll(null, fixedTarget, rate), List.of(),
				System::nanoTime, THREAD_LOCAL_RANDOM);
	}

	/**
	 * Parses a rules document.
	 * @param json the document
	 * @return the strategy
	 * @throws SamplingRulesException if the document is not valid JSON or not a valid
	 * rules document; the message names the problem and, when known, the rule and field
	 */
	public static LocalSamplingStrategy fromJson(String json) {
		SamplingRulesParser.Parsed parsed = SamplingRulesParser.parse(json);
		return new LocalSamplingStrategy(parsed.defaultRule(), parsed.rules(), System::nanoTime, THREAD_LOCAL_RANDOM);
	}

	/**
	 * Reads a UTF-8 rules document (at most 1 MiB) from a stream, which is left open.
	 * @param json the stream
	 * @return the strategy
	 * @throws IOException if the stream cannot be read
	 * @throws SamplingRulesException if the document is invalid or too large
	 */
	public static LocalSamplingStrategy fromJson(InputStream json) throws IOException {
		if (json == null) {
			throw new SamplingRulesException("Invalid sampling rules: the stream must not be null");
		}
		byte[] bytes = json.readNBytes(MAX_DOCUMENT_BYTES + 1);
		if (bytes.length > MAX_DOCUMENT_BYTES) {
			throw new SamplingRulesException(
					"Invalid sampling rules: the document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
		}
		String text = new String(bytes, StandardCharsets.UTF_8);
		if (text.startsWith("\uFEFF")) {
			// Editors on some platforms write a byte order mark; it is not part of the
			// JSON.
			text = text.substring(1);
		}
		return fromJson(text);
	}

	/**
	 * Returns the rules in file order, without the default rule.
	 * @return an unmodifiable list
	 */
	public List<LocalSamplingRule> rules() {
		return this.ruleList;
	}

	/**
	 * Returns the default rule, applied when no other rule matches. It matches every
	 * request.
	 * @return the default rule
	 */
	public LocalSamplingRule defaultRule() {
		return this.defaultRule;
	}

	@Override
	public boolean shouldTrace(SamplingRequest request) {
		try {
			SamplingRequest r = (request != null) ? request : EMPTY_REQUEST;
			LocalSamplingRule[] rules = this.rules;
			for (int i = 0; i < rules.length; i++) {
				if (rules[i].matches(r)) {
					return decide(rules[i], this.reservoirs[i]);
				}
			}
			return decide(this.defaultRule, this.defaultReservoir);
		}
		catch (RuntimeException ex) {
			// Only a caller-supplied clock or random source can fail; sampling must never
			// break a request.
			return false;
		}
	}

	private boolean decide(LocalSamplingRule rule, Reservoir reservoir) {
		if (reservoir.take(this.nanoClock)) {
			return true;
		}
		double rate = rule.rate();
		if (rate <= 0) {
			return false;
		}
		if (rate >= 1) {
			return true;
		}
		return this.random.getAsDouble() < rate;
	}

	@Override
	public String toString() {
		return "LocalSamplingStrategy[rules=" + this.ruleList + ", default=" + this.defaultRule + "]";
	}

}
