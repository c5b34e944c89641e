package org.xrayspring.recorder.environment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where the application runs: the segments' {@code origin} and the fields of their
 * {@code aws} object. Immutable; the maps are built once so that every segment shares
 * them.
 */
public final class AwsEnvironment {

	/** {@code origin} of an application on an EC2 instance. */
	public static final String EC2_ORIGIN = "AWS::EC2::Instance";

	/** {@code origin} of an application in an ECS container. */
	public static final String ECS_ORIGIN = "AWS::ECS::Container";

	/** {@code origin} of an application in an EKS pod. */
	public static final String EKS_ORIGIN = "AWS::EKS::Container";

	/** {@code origin} of an application in an Elastic Beanstalk environment. */
	public static final String ELASTIC_BEANSTALK_ORIGIN = "AWS::ElasticBeanstalk::Environment";

	private static final AwsEnvironment NONE = new AwsEnvironment(null, Map.of());

	private final @Nullable String origin;

	private final Map<String, Object> aws;

	private AwsEnvironment(@Nullable String origin, Map<String, Object> aws) {
		this.origin = origin;
		this.aws = aws;
	}

	/**
	 * No environment: no {@code origin}, no {@code aws} fields.
	 * @return the empty environment
	 */
	public static AwsEnvironment none() {
		return NONE;
	}

	/**
	 * An environment.
	 * @param origin the segments' {@code origin}
	 * @param aws fields of the segments' {@code aws} object: strings, numbers, and maps
	 * and lists of them
	 * @return the environment, holding an unmodifiable deep copy of {@code aws}
	 */
	public static AwsEnvironment of(String origin, Map<String, ?> aws) {
		return new AwsEnvironment(origin, immutable(aws));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> immutable(Map<String, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (value instanceof Map<?, ?> nested) {
				copy.put(key, immutable((Map<String, ?>) nested));
			}
			else if (value instanceof java.util.List<?> list) {
				copy.put(key,
						list.stream()
							.map((item) -> (item instanceof Map<?, ?> m) ? immutable((Map<String, ?>) m) : item)
							.toList());
			}
			else if (value != null) {
				copy.put(key, value);
			}
		});
		return Collections.unmodifiableMap(copy);
	}

	/**
	 * The segments' {@code origin}.
	 * @return the origin, {@code null} when none was detected
	 */
	public @Nullable String origin() {
		return this.origin;
	}

	/**
	 * The fields this environment adds to the segments' {@code aws} object, e.g.
	 * {@code ec2}.
	 * @return the fields, unmodifiable, empty when none was detected
	 */
	public Map<String, Object> aws() {
		return this.aws;
	}

	/**
	 * Whether an environment was detected.
	 * @return whether there is an origin
	 */
	public boolean isDetected() {
		return this.origin != null;
	}

	@Override
	public String toString() {
		return (this.origin != null) ? this.origin + " " + this.aws : "no AWS environment";
	}

}
