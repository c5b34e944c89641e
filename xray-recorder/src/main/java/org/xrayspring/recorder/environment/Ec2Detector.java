package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * EC2: the instance identity document, read through IMDSv2 (a session token first, then
 * the read with it). Evidence: {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} set, or a DMI
 * vendor or hypervisor id naming Amazon or EC2. {@code AWS_EC2_METADATA_DISABLED=true}
 * turns it off.
 */
final class Ec2Detector implements Detector {

	static final String ENDPOINT_VARIABLE = "AWS_EC2_METADATA_SERVICE_ENDPOINT";

	static final String DISABLED_VARIABLE = "AWS_EC2_METADATA_DISABLED";

	/**
	 * The instance metadata service's address (IPv4), where no variable names another.
	 * Only production reaches it, and only on evidence of EC2: tests point
	 * {@value #ENDPOINT_VARIABLE} at loopback servers, and the build sets
	 * {@value #DISABLED_VARIABLE} for every test JVM.
	 */
	static final String DEFAULT_ENDPOINT = "http://169.254.169.254";

	static final String TOKEN_PATH = "/latest/api/token";

	static final String IDENTITY_DOCUMENT_PATH = "/latest/dynamic/instance-identity/document";

	static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";

	static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

	@Override
	public EnvironmentKind kind() {
		return EnvironmentKind.EC2;
	}

	static boolean disabled(Evidence evidence) {
		return "true".equalsIgnoreCase(evidence.variable(DISABLED_VARIABLE));
	}

	@Override
	public boolean hasEvidence(Evidence evidence) {
		if (disabled(evidence)) {
			return false;
		}
		if (evidence.variable(ENDPOINT_VARIABLE) != null) {
			return true;
		}
		for (Path path : evidence.paths().ec2Vendor()) {
			if (Evidence.exists(path)) {
				try {
					String vendor = Evidence.read(path).trim().toLowerCase(Locale.ROOT);
					if (vendor.startsWith("amazon") || vendor.startsWith("ec2")) {
						return true;
					}
				}
				catch (IOException ex) {
					// not readable (e.g. not root): no evidence from this file
				}
			}
		}
		return false;
	}

	@Override
	public AwsEnvironment read(Evidence evidence, MetadataFetcher fetcher) throws IOException {
		if (disabled(evidence)) {
			throw new IOException(DISABLED_VARIABLE + " is true");
		}
		String endpoint = evidence.variable(ENDPOINT_VARIABLE);
		endpoint = stripTrailingSlash((endpoint != null) ? endpoint : DEFAULT_ENDPOINT);
		String token = fetcher.put(endpoint + TOKEN_PATH, Map.of(TOKEN_TTL_HEADER, "60")).trim();
		if (token.isEmpty() || token.length() > 4096 || !token.chars().allMatch((c) -> c > 0x20 && c < 0x7f)) {
			throw new IOException("the session token is not a token");
		}
		Map<String, Object> identity = Evidence.object(
				fetcher.get(endpoint + IDENTITY_DOCUMENT_PATH, Map.of(TOKEN_HEADER, token)),
				"the instance identity document");
		String instanceId = Evidence.text(identity, "instanceId");
		if (instanceId == null) {
			throw new IOException("the instance identity document has no instanceId");
		}
		Map<String, Object> ec2 = new LinkedHashMap<>();
		ec2.put("instance_id", instanceId);
		ec2.put("availability_zone", Evidence.text(identity, "availabilityZone"));
		ec2.put("instance_size", Evidence.text(identity, "instanceType"));
		ec2.put("ami_id", Evidence.text(identity, "imageId"));
		return AwsEnvironment.of(AwsEnvironment.EC2_ORIGIN, Map.of("ec2", ec2));
	}

	static String stripTrailingSlash(String uri) {
		return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
	}

}
