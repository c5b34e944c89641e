package org.xrayspring.console.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The one place where refusals and failures become responses: the X-Ray error shape
 * ({@code __type}, {@code message}) with the {@code x-amzn-ErrorType} header the AWS SDKs
 * read, never a stack trace.
 *
 * @author xray-spring-boot
 */
final class ApiErrors {

	private static final Log logger = LogFactory.getLog(ApiErrors.class);

	private ApiErrors() {
	}

	/**
	 * The response to a refused request.
	 * @param ex why it is refused
	 * @return the response
	 */
	static ServerResponse response(ApiException ex) {
		return ApiJson.write(ServerResponse.status(ex.getStatus()).header("x-amzn-ErrorType", ex.getType()),
				new Error(ex.getType(), ex.getMessage()));
	}

	/**
	 * The response to a request that an operation refused or that failed in the console
	 * itself; failures are logged and answered as X-Ray answers its own.
	 * @param ex the refusal or failure
	 * @param request the request
	 * @return the response
	 */
	static ServerResponse response(Throwable ex, ServerRequest request) {
		if (ex instanceof ApiException refusal) {
			return response(refusal);
		}
		logger.warn("X-Ray console API failed for " + request.path(), ex);
		return response(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "ServiceException",
				"Internal error in the X-Ray console"));
	}

	/**
	 * The X-Ray error shape.
	 *
	 * @param type the error type
	 * @param message the message
	 */
	record Error(@JsonProperty("__type") String type, String message) {
	}

}
