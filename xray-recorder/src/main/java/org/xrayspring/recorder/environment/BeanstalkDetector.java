package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Elastic Beanstalk: the X-Ray environment file that the platform writes on each instance
 * (its presence is the evidence). No network request.
 */
final class BeanstalkDetector implements Detector {

	@Override
	public EnvironmentKind kind() {
		return EnvironmentKind.ELASTIC_BEANSTALK;
	}

	@Override
	public boolean hasEvidence(Evidence evidence) {
		return Evidence.exists(evidence.paths().beanstalkConfig());
	}

	@Override
	public AwsEnvironment read(Evidence evidence, MetadataFetcher fetcher) throws IOException {
		if (!hasEvidence(evidence)) {
			throw new IOException(evidence.paths().beanstalkConfig() + " does not exist");
		}
		Map<String, Object> file = Evidence.object(Evidence.read(evidence.paths().beanstalkConfig()),
				evidence.paths().beanstalkConfig().toString());
		Map<String, Object> beanstalk = new LinkedHashMap<>();
		beanstalk.put("environment_name", Evidence.text(file, "environment_name"));
		beanstalk.put("version_label", Evidence.text(file, "version_label"));
		beanstalk.put("deployment_id", deploymentId(file.get("deployment_id")));
		if (beanstalk.get("environment_name") == null) {
			throw new IOException(evidence.paths().beanstalkConfig() + " has no environment_name");
		}
		return AwsEnvironment.of(AwsEnvironment.ELASTIC_BEANSTALK_ORIGIN, Map.of("elastic_beanstalk", beanstalk));
	}

	/** A number, as the schema wants; the platform has written it as a string too. */
	private static @Nullable Long deploymentId(@Nullable Object value) {
		if (value instanceof Long number) {
			return number;
		}
		if (value instanceof String text && text.matches("\\d{1,18}")) {
			return Long.parseLong(text);
		}
		return null;
	}

}
