package org.xrayspring.recorder.environment;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The local files whose presence is evidence of an environment, and that hold some of its
 * data. Tests point them at temporary files.
 *
 * @param beanstalkConfig Elastic Beanstalk's X-Ray environment file
 * @param ec2Vendor DMI and hypervisor files naming the machine's maker: EC2 when one
 * starts with {@code Amazon} or {@code ec2} (case-insensitive)
 * @param serviceAccountToken the Kubernetes service account token, present in every pod
 * that mounts one
 * @param cgroup the process's cgroup file, whose lines end with the container id
 */
public record EvidencePaths(Path beanstalkConfig, List<Path> ec2Vendor, Path serviceAccountToken, Path cgroup) {

	/**
	 * Creates the paths.
	 */
	public EvidencePaths {
		Objects.requireNonNull(beanstalkConfig, "beanstalkConfig");
		ec2Vendor = List.copyOf(ec2Vendor);
		Objects.requireNonNull(serviceAccountToken, "serviceAccountToken");
		Objects.requireNonNull(cgroup, "cgroup");
	}

	/**
	 * The paths on a real machine.
	 * @return the standard paths
	 */
	public static EvidencePaths defaults() {
		return new EvidencePaths(Path.of("/var/elasticbeanstalk/xray/environment.conf"),
				List.of(Path.of("/sys/devices/virtual/dmi/id/sys_vendor"),
						Path.of("/sys/devices/virtual/dmi/id/board_vendor"), Path.of("/sys/hypervisor/uuid")),
				Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"), Path.of("/proc/self/cgroup"));
	}

}
