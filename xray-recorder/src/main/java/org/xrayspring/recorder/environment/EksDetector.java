package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * EKS: the pod's name (its host name), the container id (from the cgroup file) and the
 * cluster name (configured). No network request. Evidence: a Kubernetes service account
 * token together with an AWS sign (the configured cluster name, or the variables of IAM
 * roles for service accounts or of EKS Pod Identity), so that a pod on another Kubernetes
 * is not taken for EKS.
 */
final class EksDetector implements Detector {

	static final String CLUSTER_NAME_VARIABLE = "EKS_CLUSTER_NAME";

	private static final Pattern CONTAINER_ID = Pattern.compile("([0-9a-f]{64})(?:\\.scope)?\\s*$", Pattern.MULTILINE);

	@Override
	public EnvironmentKind kind() {
		return EnvironmentKind.EKS;
	}

	@Override
	public boolean hasEvidence(Evidence evidence) {
		return Evidence.exists(evidence.paths().serviceAccountToken())
				&& (evidence.eksClusterName() != null || evidence.variable("AWS_WEB_IDENTITY_TOKEN_FILE") != null
						|| evidence.variable("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null);
	}

	@Override
	public AwsEnvironment read(Evidence evidence, MetadataFetcher fetcher) {
		Map<String, Object> eks = new LinkedHashMap<>();
		String pod = evidence.variable("HOSTNAME");
		eks.put("pod", (pod != null) ? Evidence.bounded(pod) : null);
		eks.put("container_id", containerId(evidence));
		eks.put("cluster_name", evidence.eksClusterName());
		return AwsEnvironment.of(AwsEnvironment.EKS_ORIGIN, Map.of("eks", eks));
	}

	private static @Nullable String containerId(Evidence evidence) {
		if (!Evidence.exists(evidence.paths().cgroup())) {
			return null;
		}
		try {
			Matcher matcher = CONTAINER_ID.matcher(Evidence.read(evidence.paths().cgroup()));
			return matcher.find() ? matcher.group(1) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
