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

class TraceHeaderTests {

	private static final String ROOT = "1-5759e988-bd862e3fe1be46a994272793";

	private static final String PARENT = "53995c3f42cd8ad8";

	/**
	 * input; expected root; expected parent; expected decision; expected extra fields;
	 * rule.
	 */
	static Stream<Arguments> table() {
		return Stream.of(
				arguments("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1", ROOT, PARENT, SampleDecision.SAMPLED, "",
						"all three fields"),
				arguments("Root=" + ROOT, ROOT, null, SampleDecision.UNKNOWN, "", "root only"),
				arguments("Root=" + ROOT + ";Sampled=0", ROOT, null, SampleDecision.NOT_SAMPLED, "", "not sampled"),
				arguments("Root=" + ROOT + ";Sampled=?", ROOT, null, SampleDecision.REQUESTED, "",
						"decision requested"),
				arguments("Root=" + ROOT + ";Sampled=2", ROOT, null, SampleDecision.UNKNOWN, "", "bad decision"),
				arguments("Root=" + ROOT + ";Sampled=", ROOT, null, SampleDecision.UNKNOWN, "", "empty decision"),
				arguments("Sampled=0", null, null, SampleDecision.NOT_SAMPLED, "", "decision without root"),
				arguments(" Root = " + ROOT + " ; Parent = " + PARENT + " ; Sampled = 1 ", ROOT, PARENT,
						SampleDecision.SAMPLED, "", "whitespace trimmed"),
				arguments("root=" + ROOT + ";PARENT=" + PARENT + ";sampled=1", ROOT, PARENT, SampleDecision.SAMPLED, "",
						"known keys ignore case"),
				arguments("Root=" + ROOT + ";;;Parent=" + PARENT + ";", ROOT, PARENT, SampleDecision.UNKNOWN, "",
						"empty fields skipped"),
				arguments("Root=" + ROOT + ";garbage;Parent=" + PARENT, ROOT, PARENT, SampleDecision.UNKNOWN, "",
						"field without = skipped"),
				arguments("Self=1-67891233-12456789abcdef012345678;Root=" + ROOT, ROOT, null, SampleDecision.UNKNOWN,
						"", "Self dropped"),
				arguments("Root=" + ROOT + ";Lineage=a87bd80c:1|68fd508a:5;CalledFrom=app", ROOT, null,
						SampleDecision.UNKNOWN, "Lineage=a87bd80c:1|68fd508a:5;CalledFrom=app",
						"extra fields kept in order"),
				arguments("Root=" + ROOT + ";Data=a=b=c", ROOT, null, SampleDecision.UNKNOWN, "Data=a=b=c",
						"value split at first ="),
				arguments("Root=1-5759E988-bd862e3fe1be46a994272793;Parent=" + PARENT + ";Sampled=1", null, null,
						SampleDecision.SAMPLED, "", "uppercase root invalid: new trace, parent dropped"),
				arguments("Root=1-5759e988-bd862e3;Parent=" + PARENT, null, null, SampleDecision.UNKNOWN, "",
						"short root invalid"),
				arguments("Root=2-5759e988-bd862e3fe1be46a994272793", null, null, SampleDecision.UNKNOWN, "",
						"wrong version invalid"),
				arguments("Root=" + ROOT + ";Parent=xyz", ROOT, null, SampleDecision.UNKNOWN, "", "bad parent dropped"),
				arguments("Root=" + ROOT + ";Parent=53995C3F42CD8AD8", ROOT, null, SampleDecision.UNKNOWN, "",
						"uppercase parent dropped"),
				arguments("Root=" + ROOT + ";Root=1-00000000-000000000000000000000000", ROOT, null,
						SampleDecision.UNKNOWN, "", "first root wins"),
				arguments("Root=" + ROOT + ";Sampled=0;Sampled=1", ROOT, null, SampleDecision.NOT_SAMPLED, "",
						"first decision wins"),
				arguments("", null, null, SampleDecision.UNKNOWN, "", "empty"),
				arguments("   ", null, null, SampleDecision.UNKNOWN, "", "blank"),
				arguments(null, null, null, SampleDecision.UNKNOWN, "", "null"),
				arguments("=value;Root=" + ROOT, ROOT, null, SampleDecision.UNKNOWN, "", "empty key skipped"));
	}

	@ParameterizedTest(name = "{5}")
	@MethodSource("table")
	void parse(String input, String root, String parent, SampleDecision sampled, String extra, String rule) {
		TraceHeader header = TraceHeader.parse(input);
		assertThat(header.rootTraceId()).isEqualTo(root);
		assertThat(header.parentId()).isEqualTo(parent);
		assertThat(header.sampled()).isEqualTo(sampled);
		assertThat(header.extraFields()).isEqualTo(extra);
	}

	@Test
	void overLongHeaderIsIgnoredAsAWhole() {
		String header = "Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Pad=" + "x".repeat(2048);
		assertThat(header.length()).isGreaterThan(TraceHeader.MAX_LENGTH);
		assertThat(TraceHeader.parse(header)).isEqualTo(TraceHeader.empty());
	}

	@Test
	void headerOfExactlyMaxLengthIsParsed() {
		String prefix = "Root=" + ROOT + ";Pad=";
		String header = prefix + "x".repeat(TraceHeader.MAX_LENGTH - prefix.length());
		assertThat(header).hasSize(TraceHeader.MAX_LENGTH);
		assertThat(TraceHeader.parse(header).rootTraceId()).isEqualTo(ROOT);
	}

	@Test
	void extraFieldsAreBoundedAndNeverCut() {
		String a = "A=" + "a".repeat(150);
		String b = "B=" + "b".repeat(150);
		String c = "C=c";
		TraceHeader header = TraceHeader.parse("Root=" + ROOT + ";" + a + ";" + b + ";" + c);
		assertThat(header.extraFields()).isEqualTo(a + ";" + c);
		assertThat(header.extraFields().length()).isLessThanOrEqualTo(TraceHeader.MAX_EXTRA_LENGTH);
	}

	@Test
	void formatOrdersKnownFieldsThenExtras() {
		TraceHeader header = TraceHeader.parse("Lineage=x:1;Sampled=1;Parent=" + PARENT + ";Root=" + ROOT);
		assertThat(header.format()).isEqualTo("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=x:1");
	}

	@Test
	void formatLeavesOutAbsentParts() {
		assertThat(TraceHeader.of(ROOT, null, SampleDecision.UNKNOWN).format()).isEqualTo("Root=" + ROOT);
		assertThat(TraceHeader.of(ROOT, null, SampleDecision.REQUESTED).format())
			.isEqualTo("Root=" + ROOT + ";Sampled=?");
		assertThat(TraceHeader.empty().format()).isEmpty();
	}

	@Test
	void withKeepsExtraFields() {
		TraceHeader incoming = TraceHeader.parse("Root=" + ROOT + ";Lineage=x:1;Self=abc");
		TraceHeader outgoing = incoming.with(ROOT, "1111111111111111", SampleDecision.SAMPLED);
		assertThat(outgoing.format()).isEqualTo("Root=" + ROOT + ";Parent=1111111111111111;Sampled=1;Lineage=x:1");
	}

	@Test
	void roundTripOfFormattedHeaderIsStable() {
		TraceHeader header = TraceHeader.parse("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=0;K=v");
		assertThat(TraceHeader.parse(header.format())).isEqualTo(header);
	}

	@Test
	void tenThousandGarbageHeadersNeverThrowAndYieldValidOrNoRoot() {
		Random random = new Random(20261125L);
		String alphabet = "Root=Parent;Sampled=Self1?0-abcdef0123456789 \t=;;\u00e9\u0000\uD800";
		for (int i = 0; i < 10_000; i++) {
			String input = garbage(random, alphabet, i);
			TraceHeader header = TraceHeader.parse(input);
			assertThat(header).isNotNull();
			if (header.rootTraceId() != null) {
				assertThat(Ids.isValidTraceId(header.rootTraceId())).as(input).isTrue();
			}
			if (header.parentId() != null) {
				assertThat(Ids.isValidEntityId(header.parentId())).as(input).isTrue();
			}
			assertThat(header.extraFields().length()).isLessThanOrEqualTo(TraceHeader.MAX_EXTRA_LENGTH);
			String root = (header.rootTraceId() != null) ? header.rootTraceId() : Ids.newTraceId();
			assertThat(Ids.isValidTraceId(root)).isTrue();
			// what we pass on parses back to the same header
			assertThat(TraceHeader.parse(header.format())).isEqualTo(header);
		}
	}

	private static String garbage(Random random, String alphabet, int i) {
		int kind = i % 4;
		if (kind == 0) {
			// mutate a valid header
			char[] chars = ("Root=" + ROOT + ";Parent=" + PARENT + ";Sampled=1;Lineage=a:1").toCharArray();
			for (int n = random.nextInt(4); n >= 0; n--) {
				chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
			}
			return new String(chars);
		}
		int length = (kind == 3) ? random.nextInt(3000) : random.nextInt(120);
		StringBuilder builder = new StringBuilder(length);
		for (int n = 0; n < length; n++) {
			builder.append(
					(kind == 1) ? alphabet.charAt(random.nextInt(alphabet.length())) : (char) random.nextInt(0x3000));
		}
		return builder.toString();
	}

}
