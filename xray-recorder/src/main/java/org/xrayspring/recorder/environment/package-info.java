/**
 * Where the application runs on AWS: EC2, ECS, EKS or Elastic Beanstalk, detected once at
 * start-up from local evidence and the instance or task metadata endpoints, and reported
 * on every segment as {@code origin} and the {@code aws} object's {@code ec2},
 * {@code ecs}, {@code eks}, {@code elastic_beanstalk} and {@code cloudwatch_logs} fields.
 */
@NullMarked
package org.xrayspring.recorder.environment;

import org.jspecify.annotations.NullMarked;
