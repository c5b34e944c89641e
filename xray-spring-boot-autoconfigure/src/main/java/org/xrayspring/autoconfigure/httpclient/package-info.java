/**
 * Outbound HTTP tracing: a
 * {@link org.springframework.http.client.ClientHttpRequestInterceptor} for
 * {@code RestTemplate} and {@code RestClient}, an
 * {@link org.springframework.web.reactive.function.client.ExchangeFilterFunction} for
 * {@code WebClient}, and their auto-configuration. Each call within a trace is a
 * {@code remote} subsegment named after the target host, and the request carries
 * {@code X-Amzn-Trace-Id}.
 */
@NullMarked
package org.xrayspring.autoconfigure.httpclient;

import org.jspecify.annotations.NullMarked;
