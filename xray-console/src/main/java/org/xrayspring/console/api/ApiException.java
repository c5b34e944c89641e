package org.xrayspring.console.api;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, answered with the X-Ray error shape ({@code __type},
 * {@code message}).
 *
 * @author xray-spring-boot
 */
final class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	ApiException(HttpStatus status, String type, String message) {
		super(message, null, false, false);
		this.status = status;
		this.type = type;
	}

	static ApiException invalidRequest(String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, "InvalidRequestException", message);
	}

	HttpStatus getStatus() {
		return this.status;
	}

	String getType() {
		return this.type;
	}

}
