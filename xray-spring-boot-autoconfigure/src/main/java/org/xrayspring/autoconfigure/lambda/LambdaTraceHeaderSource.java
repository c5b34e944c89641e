package org.xrayspring.autoconfigure.lambda;

import org.jspecify.annotations.Nullable;

/**
 * Where the current AWS Lambda invocation's trace header is read. Lambda changes it for
 * each invocation, so it is read for each request, never cached. Define a bean of this
 * type to replace the auto-configured one (tests simulate invocations this way).
 */
@FunctionalInterface
public interface LambdaTraceHeaderSource {

	/** The variable whose presence says the application runs in AWS Lambda. */
	String FUNCTION_NAME_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

	/**
	 * The system property the Lambda Java runtime sets to the invocation's trace header.
	 */
	String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";

	/**
	 * The variable that holds the invocation's trace header when the system property is
	 * not set.
	 */
	String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

	/**
	 * Returns the current invocation's trace header.
	 * @return the {@code X-Amzn-Trace-Id} value, or {@code null} when there is none
	 */
	@Nullable String traceHeader();

	/**
	 * Reads the header as AWS's SDKs do: the {@value #TRACE_HEADER_PROPERTY} system
	 * property, else the {@value #TRACE_HEADER_VARIABLE} variable.
	 * @return the source
	 */
	static LambdaTraceHeaderSource fromRuntime() {
		return () -> {
			String header = System.getProperty(TRACE_HEADER_PROPERTY);
			return (header != null && !header.isEmpty()) ? header : System.getenv(TRACE_HEADER_VARIABLE);
		};
	}

}
