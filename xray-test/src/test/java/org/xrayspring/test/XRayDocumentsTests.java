package org.xrayspring.test;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

class XRayDocumentsTests {

	private static final String TRACE_ID = "1-5759e988-bd862e3fe1be46a994272793";

	private static final String VALID = """
			{"name":"orders","id":"70de5b6f19ff9a0a","trace_id":"%s","start_time":1.478293361271E9,
			"end_time":1.478293361449E9,"subsegments":[{"name":"DynamoDB","id":"70de5b6f19ff9a0b",
			"start_time":1.478293361272E9,"end_time":1.478293361273E9,"namespace":"aws"}]}""".formatted(TRACE_ID);

	@Test
	void validDocumentHasNoProblems() {
		assertThat(XRayDocuments.problems(VALID)).isEmpty();
		assertThat(XRayDocuments.assertValidDocument(VALID).path("name").asString()).isEqualTo("orders");
	}

	@Test
	void schemaViolationIsReported() {
		// annotation keys are [a-zA-Z0-9_] and the schema allows no other property
		String document = VALID.replace("\"end_time\":1.478293361449E9,",
				"\"end_time\":1.478293361449E9,\"annotations\":{\"order-id\":1},");
		assertThat(XRayDocuments.problems(document)).singleElement(as(STRING))
			.startsWith("schema:")
			.contains("annotations");
	}

	@Test
	void protocolRulesTheSchemaDoesNotExpressAreReported() {
		String document = """
				{"name":"orders","id":"70DE5B6F19FF9A0A","trace_id":"1-5759e988-bd862e3fe1be46a994272793",
				"start_time":1478293361271,"in_progress":true,"end_time":1478293361449,
				"metadata":{"AWS.mine":{"a":1}},
				"subsegments":[{"name":"child","id":"70de5b6f19ff9a0b","trace_id":"1-5759e988-bd862e3fe1be46a994272793",
				"start_time":1.478293361272E9,"end_time":1.478293361273E9}]}""";
		List<String> problems = XRayDocuments.problems(document);
		assertThat(problems).anyMatch((problem) -> problem.contains("id is not 16 hex digits"))
			.anyMatch((problem) -> problem.contains("start_time is not in epoch seconds"))
			.anyMatch((problem) -> problem.contains("needs exactly one of end_time and in_progress"))
			.anyMatch((problem) -> problem.contains("metadata namespace AWS.mine is reserved"))
			.anyMatch((problem) -> problem.contains("orders > child: nested subsegment has trace_id"));
	}

	@Test
	void independentSubsegmentNeedsItsParent() {
		String document = """
				{"type":"subsegment","name":"late","id":"70de5b6f19ff9a0b","trace_id":"%s",
				"start_time":1.478293361272E9,"end_time":1.478293361273E9}""".formatted(TRACE_ID);
		assertThat(XRayDocuments.problems(document)).isNotEmpty();
		assertThat(
				XRayDocuments.problems(document.replace("{\"type\"", "{\"parent_id\":\"70de5b6f19ff9a0a\",\"type\"")))
			.isEmpty();
	}

	@Test
	void assertValidDocumentNamesEveryProblemAndQuotesTheDocument() {
		String document = VALID.replace(TRACE_ID, "1-5759e988-nothex");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> XRayDocuments.assertValidDocument(document))
			.withMessageContaining("trace_id is not of the form")
			.withMessageContaining(document);
	}

	@Test
	void notJsonIsAProblemNotAnException() {
		assertThat(XRayDocuments.problems("{\"name\":")).singleElement(as(STRING)).startsWith("not JSON");
	}

	@Test
	void walksEveryEntityOfADocument() {
		assertThat(XRayDocuments.entities(XRayDocuments.parse(VALID)))
			.extracting((entity) -> entity.path("name").asString())
			.containsExactly("orders", "DynamoDB");
		assertThat(XRayDocuments.named(XRayDocuments.parse(VALID), "DynamoDB")).hasSize(1);
	}

}
