package org.xrayspring.benchmarks;

/**
 * Inputs shared by both sides of the comparison, so that each scenario does the same
 * work.
 */
final class Scenario {

	static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:1|68fd508a:5";

	static final String TRACEPARENT = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01";

	static final String TRACESTATE = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

	static final String RULES_RESOURCE = "/sampling-rules-10.json";

	static final String HOST = "shop.example.com";

	static final String METHOD = "GET";

	static final String PATH = "/api/orders/42";

	static final String[] SUBSEGMENT_NAMES = { "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9" };

	static final String[] ANNOTATION_KEYS = { "order_id", "customer", "total", "express", "region" };

	static final Object[] ANNOTATION_VALUES = { "o-1234", "c-99", 42.5, Boolean.TRUE, "eu-west-1" };

	static final IllegalStateException EXCEPTION = new IllegalStateException("downstream failed");

	private Scenario() {
	}

}
