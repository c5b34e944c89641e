package org.xrayspring.console.api;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the API has been sent, for the console's status: documents put and telemetry
 * records reported. Thread-safe.
 *
 * @author xray-spring-boot
 */
final class ApiCounters {

	private final AtomicLong documentsAccepted = new AtomicLong();

	private final AtomicLong documentsRejected = new AtomicLong();

	private final AtomicLong telemetryRecords = new AtomicLong();

	void documentAccepted() {
		this.documentsAccepted.incrementAndGet();
	}

	void documentRejected() {
		this.documentsRejected.incrementAndGet();
	}

	void telemetryRecords(int count) {
		this.telemetryRecords.addAndGet(count);
	}

	long getDocumentsAccepted() {
		return this.documentsAccepted.get();
	}

	long getDocumentsRejected() {
		return this.documentsRejected.get();
	}

	long getTelemetryRecords() {
		return this.telemetryRecords.get();
	}

}
