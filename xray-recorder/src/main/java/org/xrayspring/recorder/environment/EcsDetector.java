package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * ECS: the task metadata endpoint v4 named by {@code ECS_CONTAINER_METADATA_URI_V4} (its
 * presence is the evidence): the container document, and the task document at
 * {@code /task}. The container's {@code awslogs} options give
 * {@code aws.cloudwatch_logs}.
 */
final class EcsDetector implements Detector {

	static final String METADATA_URI_VARIABLE = "ECS_CONTAINER_METADATA_URI_V4";

	@Override
	public EnvironmentKind kind() {
		return EnvironmentKind.ECS;
	}

	@Override
	public boolean hasEvidence(Evidence evidence) {
		return evidence.variable(METADATA_URI_VARIABLE) != null;
	}

	@Override
	public AwsEnvironment read(Evidence evidence, MetadataFetcher fetcher) throws IOException {
		String uri = evidence.variable(METADATA_URI_VARIABLE);
		if (uri == null) {
			throw new IOException(METADATA_URI_VARIABLE + " is not set");
		}
		uri = Ec2Detector.stripTrailingSlash(uri);
		Map<String, Object> container = Evidence.object(fetcher.get(uri, Map.of()), "the container metadata");
		Map<String, Object> task = Evidence.object(fetcher.get(uri + "/task", Map.of()), "the task metadata");
		String hostName = evidence.variable("HOSTNAME");
		Map<String, Object> ecs = new LinkedHashMap<>();
		ecs.put("container", (hostName != null) ? Evidence.bounded(hostName) : Evidence.text(container, "Name"));
		ecs.put("container_id", Evidence.text(container, "DockerId"));
		ecs.put("container_arn", Evidence.text(container, "ContainerARN"));
		String taskArn = Evidence.text(task, "TaskARN");
		ecs.put("cluster", Evidence.text(task, "Cluster"));
		ecs.put("task_arn", taskArn);
		ecs.put("task_family", Evidence.text(task, "Family"));
		ecs.put("launch_type", Evidence.text(task, "LaunchType"));
		ecs.put("availability_zone", Evidence.text(task, "AvailabilityZone"));
		Map<String, Object> aws = new LinkedHashMap<>();
		aws.put("ecs", ecs);
		Map<String, Object> logs = logGroup(container, taskArn);
		if (logs != null) {
			aws.put("cloudwatch_logs", List.of(logs));
		}
		return AwsEnvironment.of(AwsEnvironment.ECS_ORIGIN, aws);
	}

	/**
	 * The container's log group, when it logs through {@code awslogs}; its ARN when the
	 * region is in the log options and the account and partition in the task ARN.
	 */
	private static @Nullable Map<String, Object> logGroup(Map<String, Object> container, @Nullable String taskArn) {
		if (!"awslogs".equals(container.get("LogDriver")) || !(container.get("LogOptions") instanceof Map<?, ?> raw)) {
			return null;
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> options = (Map<String, Object>) raw;
		String group = Evidence.text(options, "awslogs-group");
		if (group == null) {
			return null;
		}
		Map<String, Object> logs = new LinkedHashMap<>();
		logs.put("log_group", group);
		String region = Evidence.text(options, "awslogs-region");
		String[] arn = (taskArn != null) ? taskArn.split(":", 6) : new String[0];
		if (region != null && arn.length == 6 && "arn".equals(arn[0]) && !arn[1].isEmpty() && !arn[4].isEmpty()) {
			logs.put("arn", "arn:" + arn[1] + ":logs:" + region + ":" + arn[4] + ":log-group:" + group + ":*");
		}
		return logs;
	}

}
