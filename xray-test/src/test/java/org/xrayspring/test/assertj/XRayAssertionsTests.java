package org.xrayspring.test.assertj;

import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.RecordedEntity;
import org.xrayspring.test.RecordedTraces;
import org.xrayspring.test.TestOrderRequest;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

class XRayAssertionsTests {

	private final InMemoryEmitter emitter = new InMemoryEmitter();

	private Segment segment;

	@BeforeEach
	void recordAnOrderRequest() {
		try (XRayRecorder recorder = this.emitter.recorder()) {
			this.segment = TestOrderRequest.record(recorder);
		}
	}

	@Test
	void passingAssertionsOnTheRecordedTree() {
		assertThat(this.emitter).hasTraceCount(1)
			.hasTraceId(this.segment.getTraceId())
			.hasSqlSubsegmentCount(3)
			.hasSubsegmentCount(5)
			.hasSubsegmentCount("orders@localhost", 3)
			.hasSubsegmentCountInNamespace("aws", 1);
		assertThat(this.emitter).hasSegmentNamed("orders")
			.isSegment()
			.hasTraceId(this.segment.getTraceId())
			.hasParentId(null)
			.hasHttpMethod("GET")
			.hasHttpUrl("http://localhost/orders/42")
			.hasHttpStatus(500)
			.isFault()
			.isNotError()
			.isNotThrottle()
			.hasException(IllegalStateException.class)
			.hasAnnotation("order_id")
			.hasAnnotation("order_id", 42L)
			.doesNotHaveAnnotation("customer")
			.hasMetadata("billing", "currency", "EUR")
			.hasSubsegmentCount(2)
			.hasSqlSubsegmentCount(3)
			.hasSubsegmentNamed("DynamoDB")
			.isSubsegment()
			.hasNamespace("aws")
			.hasAws("operation", "GetItem")
			.hasAws("table_name", "orders")
			.isNotFault()
			.parent()
			.hasName("orders");
		assertThat(this.emitter).hasSegmentNamed("orders")
			.hasChildNamed("repository")
			.hasSubsegmentCount(3)
			.hasSqlSubsegmentCount(3);
	}

	@Test
	void failingAssertionsFail() {
		RecordedTracesAssert traces = assertThat(this.emitter);
		RecordedEntityAssert orders = assertThat(this.emitter).hasSegmentNamed("orders");
		RecordedEntityAssert dynamo = orders.hasSubsegmentNamed("DynamoDB");
		assertFails(traces::isEmpty, "Expected no documents but got 1");
		assertFails(() -> traces.hasTraceCount(2), "Expected 2 traces but got 1");
		assertFails(() -> traces.hasTraceId("1-00000000-000000000000000000000000"), "Expected every document");
		assertFails(() -> traces.trace("1-00000000-000000000000000000000000"), "Expected trace");
		assertFails(() -> traces.hasSqlSubsegmentCount(2), "Expected 2 SQL subsegments but got 3");
		assertFails(() -> traces.hasSubsegmentCountInNamespace("remote", 1), "in namespace remote");
		assertFails(() -> traces.hasSegmentNamed("payments"), "exactly one segment named <payments>");
		assertFails(() -> traces.hasSubsegmentNamed("orders@localhost"), "but found 3");
		assertFails(traces::hasNoFaultsOrErrors, "Expected no entity marked fault or error");
		assertFails(() -> orders.hasName("payments"), "to be named <payments>");
		assertFails(orders::isSubsegment, "to be a subsegment");
		assertFails(dynamo::isSegment, "to be a segment");
		assertFails(() -> dynamo.hasNamespace("remote"), "namespace <remote> but it had <aws>");
		assertFails(() -> orders.hasHttpStatus(200), "http.response <status> = <200> but it was <500>");
		assertFails(() -> orders.hasHttpMethod("POST"), "http.request <method> = <POST>");
		assertFails(orders::isNotFault, "not to be marked fault");
		assertFails(orders::isError, "to be marked error");
		assertFails(orders::isThrottle, "to be marked throttle");
		assertFails(orders::isInProgress, "to be in progress");
		assertFails(() -> orders.hasException(IllegalArgumentException.class),
				"exception of type <java.lang.IllegalArgumentException>");
		assertFails(() -> orders.hasAnnotation("customer"), "to have annotation <customer>");
		assertFails(() -> orders.hasAnnotation("order_id", "42"), "annotations <order_id> = <42> but it was <42>");
		assertFails(() -> orders.doesNotHaveAnnotation("order_id"), "not to have annotation <order_id>");
		assertFails(() -> orders.hasMetadata("billing", "currency", "USD"), "metadata.billing <currency> = <USD>");
		assertFails(() -> orders.hasMetadata("default", "currency", "EUR"), "but it was <absent>");
		assertFails(() -> dynamo.hasAws("operation", "PutItem"), "aws <operation> = <PutItem>");
		assertFails(() -> dynamo.hasSql("url", "jdbc:h2:mem:"), "sql <url>");
		assertFails(() -> orders.hasSubsegmentCount(5), "to have 5 direct subsegments but it had 2");
		assertFails(() -> orders.hasChildNamed("orders@localhost"), "exactly one direct subsegment");
		assertFails(() -> orders.hasSubsegmentNamed("S3"), "exactly one subsegment named <S3> but found 0");
		assertFails(() -> dynamo.hasSqlSubsegmentCount(1), "to have 1 SQL subsegments but it had 0");
		assertFails(() -> dynamo.hasTraceId("1-00000000-000000000000000000000000"), "to be in trace");
		assertFails(() -> dynamo.hasParentId("0000000000000000"), "to have parent id <0000000000000000>");
		assertFails(orders::parent, "Expected the parent <null>");
	}

	@Test
	void anInvalidDocumentFailsEveryAssertion() {
		// a clock in epoch milliseconds where microseconds are due: start_time comes out
		// in kiloseconds
		try (XRayRecorder recorder = this.emitter.recorderBuilder().clock(System::currentTimeMillis).build()) {
			recorder.beginSegment("bad");
			recorder.endSegment();
		}
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.emitter))
			.withMessageContaining("Invalid X-Ray segment document")
			.withMessageContaining("bad: start_time is not in epoch seconds");
	}

	@Test
	void independentSubsegmentsJoinTheTreeUnderTheirParent() {
		this.emitter.clear();
		try (XRayRecorder recorder = this.emitter.recorderBuilder().streamingThreshold(1).build()) {
			recorder.beginSegment("streaming");
			for (int i = 0; i < 3; i++) {
				recorder.inSubsegment("step", () -> {
				});
			}
			recorder.endSegment();
		}
		RecordedTraces traces = this.emitter.traces();
		assertThat(traces).hasSubsegmentCount("step", 3);
		RecordedEntity segment = traces.named("streaming");
		assertThat(segment, traces).hasSubsegmentCount(3);
		List<RecordedEntity> steps = traces.allNamed("step");
		for (RecordedEntity step : steps) {
			assertThat(step, traces).isChildOf(segment).hasTraceId(segment.traceId());
		}
	}

	@Test
	void inProgressDocumentIsReplacedByTheCompleteOne() {
		this.emitter.clear();
		try (XRayRecorder recorder = this.emitter.recorder()) {
			Segment open = recorder.beginSegment("slow");
			Subsegment child = recorder.beginSubsegment("still-running");
			this.emitter.sendInProgressSegment(open);
			assertThat(this.emitter).hasSegmentNamed("slow").hasChildNamed("still-running").isInProgress();
			child.end();
			recorder.setCurrentEntity(open);
			recorder.endSegment();
		}
		org.assertj.core.api.Assertions.assertThat(this.emitter.traces().documents()).hasSize(2);
		assertThat(this.emitter).hasSegmentNamed("slow").hasChildNamed("still-running").hasSubsegmentCount(0);
		assertFails(
				() -> assertThat(this.emitter).hasSegmentNamed("slow").hasChildNamed("still-running").isInProgress(),
				"to be in progress but it ended");
	}

	private static void assertFails(ThrowingCallable assertion, String message) {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(assertion).withMessageContaining(message);
	}

}
