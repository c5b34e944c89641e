package org.xrayspring.test;

import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

/**
 * Records the trace of an imagined request to an orders service: a GET that reads one
 * item from DynamoDB, runs three SQL statements and fails with a 500.
 */
public final class TestOrderRequest {

	private TestOrderRequest() {
	}

	public static Segment record(XRayRecorder recorder) {
		Segment segment = recorder.beginSegment("orders");
		segment.putHttpRequest("method", "GET");
		segment.putHttpRequest("url", "http://localhost/orders/42");
		segment.putAnnotation("order_id", 42);
		segment.putMetadata("billing", "currency", "EUR");
		Subsegment dynamo = recorder.beginSubsegment("DynamoDB");
		dynamo.setNamespace(Subsegment.NAMESPACE_AWS);
		dynamo.putAws("operation", "GetItem");
		dynamo.putAws("table_name", "orders");
		recorder.endSubsegment();
		recorder.inSubsegment("repository", () -> {
			for (int i = 0; i < 3; i++) {
				Subsegment sql = recorder.beginSubsegment("orders@localhost");
				sql.putSql("database_type", "H2");
				sql.putSql("sanitized_query", "select * from orders where id = ?");
				recorder.endSubsegment();
			}
		});
		segment.addException(new IllegalStateException("boom"));
		segment.putHttpResponse("status", 500);
		segment.applyStatus(500);
		recorder.endSegment();
		return segment;
	}

}
