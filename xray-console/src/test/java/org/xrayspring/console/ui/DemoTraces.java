package org.xrayspring.console.ui;

import java.net.InetSocketAddress;
import java.util.Locale;

import org.xrayspring.console.TestDocuments;

/**
 * Sends a realistic trace across three services (frontend, orders, inventory) over UDP,
 * the way three instrumented applications would: each service sends its own segment, one
 * call is sent as an independent subsegment, and the downstream resources (DynamoDB, a
 * SQL database) appear as subsegments.
 *
 * @author xray-spring-boot
 */
final class DemoTraces {

	private DemoTraces() {
	}

	/**
	 * Send one three-service trace.
	 * @param target the receiver
	 * @param start the start time (epoch seconds)
	 * @param status the frontend's response status
	 * @return the trace id
	 */
	static String sendCheckout(InetSocketAddress target, double start, int status) {
		String traceId = TestDocuments.traceId((long) start);
		String frontend = TestDocuments.id();
		String callOrders = TestDocuments.id();
		String orders = TestDocuments.id();
		String callInventory = TestDocuments.id();
		String inventory = TestDocuments.id();
		boolean fault = status >= 500;
		boolean error = status >= 400 && status < 500;
		String flags = fault ? ",\"fault\":true" : (error ? ",\"error\":true" : "");
		// frontend: the entry segment, with its call to orders embedded
		TestDocuments
			.send(target, TestDocuments.segment(traceId, frontend, "frontend", start, start + 0.182, TestDocuments
				.http("POST", "http://localhost:8080/checkout", status) + flags
					+ ",\"origin\":\"AWS::ECS::Container\",\"annotations\":{\"customer\":\"c-1042\",\"cart_items\":3}"
					+ ",\"metadata\":{\"default\":{\"cart\":{\"currency\":\"EUR\",\"total\":42.5}}}"
					+ ",\"aws\":{\"xray\":{\"sdk\":\"xray-spring-boot\",\"sdk_version\":\"0.1.0\"}}"
					+ ",\"subsegments\":[{\"id\":\"" + TestDocuments.id()
					+ "\",\"name\":\"## CheckoutController.checkout\"" + ",\"start_time\":" + (start + 0.002)
					+ ",\"end_time\":" + (start + 0.006) + "}," + "{\"id\":\"" + callOrders
					+ "\",\"name\":\"orders\",\"namespace\":\"remote\",\"start_time\":" + (start + 0.008)
					+ ",\"end_time\":" + (start + 0.170) + ","
					+ TestDocuments.http("POST", "http://orders:8081/orders", status) + flags + ",\"traced\":true}]"));
		// orders: a separate service whose call to inventory arrives as an independent
		// subsegment
		TestDocuments
			.send(target, TestDocuments.segment(traceId, orders, "orders", start + 0.012, start + 0.165, TestDocuments
				.http("POST", "http://orders:8081/orders", status) + flags + ",\"parent_id\":\"" + callOrders
					+ "\",\"annotations\":{\"order_id\":\"o-77\"}"
					+ (fault ? ",\"cause\":{\"working_directory\":\"/app\",\"exceptions\":[{\"id\":\""
							+ TestDocuments.id() + "\",\"type\":\"java.lang.IllegalStateException\","
							+ "\"message\":\"Payment provider unavailable\",\"stack\":[{\"label\":\"com.example.orders.PaymentClient.charge\","
							+ "\"path\":\"PaymentClient.java\",\"line\":57},{\"label\":\"com.example.orders.OrderService.place\","
							+ "\"path\":\"OrderService.java\",\"line\":31}]}]}" : "")
					+ ",\"subsegments\":[{\"id\":\"" + TestDocuments.id()
					+ "\",\"name\":\"DynamoDB\",\"namespace\":\"aws\"," + "\"start_time\":" + (start + 0.015)
					+ ",\"end_time\":" + (start + 0.041)
					+ ",\"aws\":{\"operation\":\"PutItem\",\"region\":\"eu-west-1\",\"table_name\":\"orders\"}"
					+ ",\"http\":{\"response\":{\"status\":200}}}]"));
		TestDocuments.send(target,
				TestDocuments.subsegment(traceId, orders, callInventory, "inventory", start + 0.045, start + 0.150,
						"\"namespace\":\"remote\"," + TestDocuments.http("GET", "http://inventory:8082/stock/42", 200)
								+ ",\"traced\":true"));
		// inventory: the third service, querying a SQL database
		TestDocuments.send(target, TestDocuments
			.segment(traceId, inventory, "inventory", start + 0.050, start + 0.146, TestDocuments.http("GET",
					"http://inventory:8082/stock/42", 200) + ",\"parent_id\":\"" + callInventory
					+ "\",\"subsegments\":[{\"id\":\"" + TestDocuments.id() + "\",\"name\":\"inventory@postgres\","
					+ "\"namespace\":\"remote\",\"start_time\":" + (start + 0.060) + ",\"end_time\":" + (start + 0.121)
					+ ",\"sql\":{\"url\":\"jdbc:postgresql://localhost:5432/inventory\",\"database_type\":\"PostgreSQL\","
					+ "\"sanitized_query\":\"select * from stock where sku = ?\"}}]"));
		return traceId;
	}

	/**
	 * Send a single-service trace.
	 * @param target the receiver
	 * @param start the start time
	 * @param method the method
	 * @param path the path
	 * @param status the status
	 * @param seconds the duration
	 * @return the trace id
	 */
	static String sendSimple(InetSocketAddress target, double start, String method, String path, int status,
			double seconds) {
		String traceId = TestDocuments.traceId((long) start);
		String flags = (status == 429) ? ",\"error\":true,\"throttle\":true"
				: (status >= 500) ? ",\"fault\":true" : (status >= 400) ? ",\"error\":true" : "";
		TestDocuments.send(target,
				TestDocuments.segment(traceId, TestDocuments.id(), "frontend", start, start + seconds,
						TestDocuments.http(method, "http://localhost:8080" + path, status) + flags
								+ ",\"origin\":\"AWS::ECS::Container\""));
		return traceId;
	}

	static String format(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
