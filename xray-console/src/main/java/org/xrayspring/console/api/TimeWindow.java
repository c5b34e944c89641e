package org.xrayspring.console.api;

import tools.jackson.databind.JsonNode;

/**
 * The {@code StartTime}/{@code EndTime} window of a request, both ends included.
 *
 * @param start epoch seconds
 * @param end epoch seconds, not before {@code start}
 * @author xray-spring-boot
 */
record TimeWindow(double start, double end) {

	/**
	 * Read and validate the window of a request.
	 * @param body the request body
	 * @return the window
	 * @throws ApiException if either end is missing or not a timestamp, or the window
	 * ends before it starts
	 */
	static TimeWindow of(JsonNode body) {
		double start = JsonRequests.timestamp(body, "StartTime", true);
		double end = JsonRequests.timestamp(body, "EndTime", true);
		if (end < start) {
			throw ApiException.invalidRequest("EndTime must not be before StartTime");
		}
		return new TimeWindow(start, end);
	}

	/**
	 * Return whether a time lies in the window.
	 * @param time epoch seconds
	 * @return the flag
	 */
	boolean contains(double time) {
		return time >= this.start && time <= this.end;
	}

}
