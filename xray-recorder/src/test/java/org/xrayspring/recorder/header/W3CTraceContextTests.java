package org.xrayspring.recorder.header;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.xrayspring.recorder.id.Ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class W3CTraceContextTests {

	private static final String W3C_TRACE = "5759e988bd862e3fe1be46a994272793";

	private static final String XRAY_TRACE = "1-5759e988-bd862e3fe1be46a994272793";

	private static final String SPAN = "53995c3f42cd8ad8";

	private static final String VALID = "00-" + W3C_TRACE + "-" + SPAN + "-01";

	/**
	 * traceparent; expected X-Ray trace id (null: rejected); expected sampled; rule.
	 */
	static Stream<Arguments> traceparents() {
		return Stream.of(arguments(VALID, XRAY_TRACE, true, "version 00, sampled"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "-00", XRAY_TRACE, false, "version 00, not sampled"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "-09", XRAY_TRACE, true, "other flag bits ignored"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "-02", XRAY_TRACE, false, "only bit 0 is sampled"),
				arguments("cc-" + W3C_TRACE + "-" + SPAN + "-01", XRAY_TRACE, true, "future version"),
				arguments("cc-" + W3C_TRACE + "-" + SPAN + "-01-what-the-future-holds", XRAY_TRACE, true,
						"future version with extra fields: first four read"),
				arguments("cc-" + W3C_TRACE + "-" + SPAN + "-01.extra", null, false,
						"future version, extra part without dash"),
				arguments("ff-" + W3C_TRACE + "-" + SPAN + "-01", null, false, "version ff is invalid"),
				arguments("0g-" + W3C_TRACE + "-" + SPAN + "-01", null, false, "version not hex"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "-01-extra", null, false, "extra fields on version 00"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "-01 ", null, false, "trailing character on version 00"),
				arguments("00-00000000000000000000000000000000-" + SPAN + "-01", null, false, "all-zero trace id"),
				arguments("00-" + W3C_TRACE + "-0000000000000000-01", null, false, "all-zero parent id"),
				arguments("00-" + W3C_TRACE.substring(1) + "-" + SPAN + "-01", null, false, "trace id too short"),
				arguments("00-" + W3C_TRACE + "0-" + SPAN + "-01", null, false, "trace id too long"),
				arguments("00-" + W3C_TRACE + "-" + SPAN.substring(1) + "-01", null, false, "parent id too short"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "0-01", null, false, "parent id too long"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "-1", null, false, "flags too short"),
				arguments("00-" + W3C_TRACE.toUpperCase() + "-" + SPAN + "-01", null, false, "upper-case trace id"),
				arguments("00-" + W3C_TRACE + "-" + SPAN.toUpperCase() + "-01", null, false, "upper-case parent id"),
				arguments("00-" + W3C_TRACE + "-" + SPAN + "-0A", null, false, "upper-case flags"),
				arguments("0A-" + W3C_TRACE + "-" + SPAN + "-01", null, false, "upper-case version"),
				arguments("00_" + W3C_TRACE + "_" + SPAN + "_01", null, false, "wrong separators"),
				arguments("00-" + W3C_TRACE.replace('7', 'x') + "-" + SPAN + "-01", null, false, "not hex"),
				arguments("", null, false, "empty"), arguments("00", null, false, "version only"),
				arguments("cc-" + W3C_TRACE + "-" + SPAN + "-01-" + "x".repeat(1000), null, false,
						"future version over the length bound"));
	}

	@ParameterizedTest(name = "{3}: {0}")
	@MethodSource("traceparents")
	void parsesTraceparent(String traceparent, String traceId, boolean sampled, String rule) {
		W3CTraceContext context = W3CTraceContext.parse(traceparent, null);
		if (traceId == null) {
			assertThat(context).isNull();
			return;
		}
		assertThat(context).isNotNull();
		assertThat(context.traceId()).isEqualTo(traceId);
		assertThat(context.parentId()).isEqualTo(SPAN);
		assertThat(context.sampled()).isEqualTo(sampled);
	}

	@Test
	void absentTraceparentIsNoContext() {
		assertThat(W3CTraceContext.parse(null, "vendor=value")).isNull();
	}

	/**
	 * tracestate; expected kept value (null: dropped); rule.
	 */
	static Stream<Arguments> tracestates() {
		String thirtyTwo = members(32);
		return Stream.of(arguments("rojo=00f067aa0ba902b7", "rojo=00f067aa0ba902b7", "one member"),
				arguments("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
						"two members"),
				arguments("rojo=1 , \tcongo=2,,", "rojo=1 , \tcongo=2,,", "white space and empty members allowed"),
				arguments("fw529a3039@dt=abc,tenant1@x=y", "fw529a3039@dt=abc,tenant1@x=y", "multi-tenant keys"),
				arguments("a_-*/z=v a l u e", "a_-*/z=v a l u e", "key characters, spaces inside value"),
				arguments(thirtyTwo, thirtyTwo, "32 members"), arguments(members(33), null, "33 members"),
				arguments("k=" + "v".repeat(256), "k=" + "v".repeat(256), "longest value"),
				arguments("k=" + "v".repeat(257), null, "value too long"),
				arguments("a=" + "v".repeat(250) + ",b=" + "v".repeat(250) + ",c=" + "v".repeat(10), null,
						"over 512 characters"),
				arguments("x".repeat(100_000), null, "huge"), arguments("Rojo=1", null, "upper-case key"),
				arguments("1abc=1", null, "simple key starting with a digit"),
				arguments("1abc@sys=1", "1abc@sys=1", "tenant id may start with a digit"),
				arguments("abc@1sys=1", null, "system id starting with a digit"),
				arguments("abc@systemidtoolong=1", null, "system id over 14 characters"),
				arguments("abc@=1", null, "empty system id"), arguments("rojo", null, "member without ="),
				arguments("rojo=", null, "empty value"), arguments("=value", null, "empty key"),
				arguments("rojo=a=b", null, "= in value"), arguments("rojo=caf\u00e9", null, "non-ASCII value"),
				arguments("rojo=1,rojo=2", null, "duplicate key"), arguments("", null, "empty"),
				arguments(" , ", null, "no members"));
	}

	@ParameterizedTest(name = "{2}")
	@MethodSource("tracestates")
	void keepsTracestateOnlyWhenValid(String tracestate, String expected, String rule) {
		W3CTraceContext context = W3CTraceContext.parse(VALID, tracestate);
		assertThat(context).isNotNull();
		assertThat(context.traceState()).isEqualTo(expected);
		assertThat(W3CTraceContext.validTraceState(tracestate)).isEqualTo(expected);
	}

	@Test
	void tracestateIsDroppedWithAnInvalidTraceparent() {
		assertThat(W3CTraceContext.parse("00-" + W3C_TRACE + "-" + SPAN + "-0", "rojo=1")).isNull();
	}

	@Test
	void formatsTraceparentFromXRayIds() {
		assertThat(W3CTraceContext.formatTraceparent(XRAY_TRACE, SPAN, true)).isEqualTo(VALID);
		assertThat(W3CTraceContext.formatTraceparent(XRAY_TRACE, SPAN, false))
			.isEqualTo("00-" + W3C_TRACE + "-" + SPAN + "-00");
		assertThat(W3CTraceContext.formatTraceparent("1-5759e988-BD862e3fe1be46a994272793", SPAN, true)).isNull();
		assertThat(W3CTraceContext.formatTraceparent(XRAY_TRACE, "short", true)).isNull();
		assertThat(W3CTraceContext.formatTraceparent(null, null, true)).isNull();
	}

	@Test
	void formattedTraceparentParsesBackToTheSameIds() {
		String formatted = W3CTraceContext.formatTraceparent(XRAY_TRACE, SPAN, false);
		W3CTraceContext context = W3CTraceContext.parse(formatted, null);
		assertThat(context.traceId()).isEqualTo(XRAY_TRACE);
		assertThat(context.parentId()).isEqualTo(SPAN);
		assertThat(context.sampled()).isFalse();
	}

	/**
	 * X-Amzn-Trace-Id; traceparent; expected trace; expected parent; expected decision;
	 * rule.
	 */
	static Stream<Arguments> joins() {
		String other = "1-5759e988-000000000000000000000001";
		String otherParent = "1111111111111111";
		return Stream.of(arguments(null, VALID, XRAY_TRACE, SPAN, SampleDecision.SAMPLED, "only traceparent"),
				arguments("Root=bogus;Parent=" + otherParent + ";Sampled=0", VALID, XRAY_TRACE, SPAN,
						SampleDecision.SAMPLED, "invalid Root: traceparent decides"),
				arguments("Root=" + other + ";Parent=" + otherParent + ";Sampled=0", VALID, other, otherParent,
						SampleDecision.NOT_SAMPLED, "both valid and disagreeing: X-Amzn-Trace-Id wins"),
				arguments("Root=" + other, VALID, other, null, SampleDecision.UNKNOWN,
						"another trace: nothing taken from traceparent"),
				arguments("Root=" + XRAY_TRACE + ";Parent=" + otherParent + ";Sampled=0", VALID, XRAY_TRACE,
						otherParent, SampleDecision.NOT_SAMPLED, "same trace: X-Amzn-Trace-Id's fields win"),
				arguments("Root=" + XRAY_TRACE, VALID, XRAY_TRACE, SPAN, SampleDecision.SAMPLED,
						"same trace: traceparent fills parent and decision"),
				arguments("Root=" + XRAY_TRACE + ";Sampled=?", VALID, XRAY_TRACE, SPAN, SampleDecision.REQUESTED,
						"same trace: a requested decision stays requested"));
	}

	@ParameterizedTest(name = "{5}")
	@MethodSource("joins")
	void joinsAmazonHeader(String amazon, String traceparent, String trace, String parent, SampleDecision decision,
			String rule) {
		TraceHeader joined = W3CTraceContext.parse(traceparent, null).joinTo(TraceHeader.parse(amazon));
		assertThat(joined.rootTraceId()).isEqualTo(trace);
		assertThat(joined.parentId()).isEqualTo(parent);
		assertThat(joined.sampled()).isEqualTo(decision);
	}

	@Test
	void joiningKeepsTheAmazonHeadersExtraFields() {
		TraceHeader joined = W3CTraceContext.parse(VALID, null).joinTo(TraceHeader.parse("Lineage=a87bd80c:1"));
		assertThat(joined.format())
			.isEqualTo("Root=" + XRAY_TRACE + ";Parent=" + SPAN + ";Sampled=1;Lineage=a87bd80c:1");
	}

	@Test
	void seededMutationsNeverThrowAndWhatIsAcceptedIsWellFormed() {
		Random random = new Random(13);
		String alphabet = "0123456789abcdefABCDEF-=,@ \t_*/xyz\u00e9";
		String state = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@sys=v";
		for (int i = 0; i < 20_000; i++) {
			String traceparent = mutate(random, VALID, alphabet);
			String tracestate = mutate(random, state, alphabet);
			W3CTraceContext context = W3CTraceContext.parse(traceparent, tracestate);
			if (context != null) {
				assertThat(Ids.isValidTraceId(context.traceId())).isTrue();
				assertThat(Ids.isValidEntityId(context.parentId())).isTrue();
				String formatted = W3CTraceContext.formatTraceparent(context.traceId(), context.parentId(),
						context.sampled());
				assertThat(W3CTraceContext.parse(formatted, context.traceState()).traceState())
					.isEqualTo(context.traceState());
			}
			if (context != null && context.traceState() != null) {
				assertThat(context.traceState()).isEqualTo(tracestate).hasSizeLessThanOrEqualTo(512);
			}
		}
	}

	private static String mutate(Random random, String value, String alphabet) {
		StringBuilder builder = new StringBuilder(value);
		int edits = random.nextInt(4);
		for (int e = 0; e < edits && builder.length() > 0; e++) {
			int at = random.nextInt(builder.length());
			char c = alphabet.charAt(random.nextInt(alphabet.length()));
			switch (random.nextInt(3)) {
				case 0 -> builder.setCharAt(at, c);
				case 1 -> builder.insert(at, c);
				default -> builder.deleteCharAt(at);
			}
		}
		return builder.toString();
	}

	private static String members(int count) {
		StringBuilder builder = new StringBuilder();
		for (int i = 0; i < count; i++) {
			builder.append((i > 0) ? "," : "").append("k").append(i).append("=v");
		}
		return builder.toString();
	}

}
