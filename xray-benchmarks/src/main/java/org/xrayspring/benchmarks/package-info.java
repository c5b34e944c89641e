/**
 * JMH benchmarks of this project's recorder
 * ({@link org.xrayspring.benchmarks.RecorderBenchmarks}) and the same scenarios against
 * the AWS X-Ray SDK for Java ({@link org.xrayspring.benchmarks.AwsSdkBenchmarks}).
 */
@NullMarked
package org.xrayspring.benchmarks;

import org.jspecify.annotations.NullMarked;
