package org.xrayspring.recorder.environment;

/**
 * Which AWS environment {@link EnvironmentDetector} looks for.
 */
public enum EnvironmentKind {

	/**
	 * Each environment whose local evidence is there, the most specific one winning:
	 * Elastic Beanstalk, then EKS, then ECS, then EC2.
	 */
	AUTO,

	/** No detection: segments carry no environment. */
	NONE,

	/**
	 * EC2, read from the instance metadata service (IMDSv2) even without local evidence.
	 */
	EC2,

	/**
	 * ECS, read from the task metadata endpoint v4 named by
	 * {@code ECS_CONTAINER_METADATA_URI_V4}.
	 */
	ECS,

	/**
	 * EKS, read from the pod's host name and cgroup, without evidence of a service
	 * account.
	 */
	EKS,

	/** Elastic Beanstalk, read from its X-Ray environment file. */
	ELASTIC_BEANSTALK

}
