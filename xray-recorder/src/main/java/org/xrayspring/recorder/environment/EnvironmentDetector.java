package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Detects where the application runs on AWS, once, at start-up. Makes no network request
 * unless local evidence (a variable, a file) says the environment is there or the
 * environment is named; then reads its metadata within a time budget (one second by
 * default). Never throws: a failure means {@link AwsEnvironment#none()} and one warning.
 * <p>
 * With {@link EnvironmentKind#AUTO} the most specific environment whose evidence is there
 * wins: Elastic Beanstalk, then EKS, then ECS, then EC2; on Lambda
 * ({@code AWS_LAMBDA_FUNCTION_NAME} set) nothing is detected, Lambda's own segment says
 * where the function runs.
 */
public final class EnvironmentDetector {

	private static final System.Logger logger = System.getLogger(EnvironmentDetector.class.getName());

	/** Most specific first. */
	private static final List<Detector> DETECTORS = List.of(new BeanstalkDetector(), new EksDetector(),
			new EcsDetector(), new Ec2Detector());

	static final String LAMBDA_FUNCTION_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

	private final EnvironmentKind kind;

	private final Evidence evidence;

	private final Duration budget;

	private EnvironmentDetector(Builder builder) {
		this.kind = builder.kind;
		this.evidence = new Evidence(builder.variables, builder.paths, builder.eksClusterName);
		this.budget = builder.budget;
	}

	/**
	 * Starts building a detector.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Detects the environment. Blocks for at most about the budget.
	 * @return the environment, {@link AwsEnvironment#none()} when there is none or it
	 * cannot be read
	 */
	public AwsEnvironment detect() {
		Detector detector = chosen();
		if (detector == null) {
			return AwsEnvironment.none();
		}
		long deadline = System.nanoTime() + this.budget.toNanos();
		CompletableFuture<AwsEnvironment> reading = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				reading.complete(detector.read(this.evidence, new MetadataFetcher(deadline)));
			}
			catch (Throwable ex) {
				reading.completeExceptionally(ex);
			}
		}, "xray-environment-detection");
		thread.setDaemon(true);
		thread.start();
		try {
			AwsEnvironment environment = reading.get(this.budget.toNanos() + TimeUnit.MILLISECONDS.toNanos(100),
					TimeUnit.NANOSECONDS);
			logger.log(System.Logger.Level.INFO, "X-Ray: segments carry {0}", environment);
			return environment;
		}
		catch (ExecutionException ex) {
			return failed(detector,
					(ex.getCause() instanceof IOException io) ? io.getMessage() : ex.getCause().getClass().getName());
		}
		catch (TimeoutException ex) {
			thread.interrupt();
			return failed(detector, "no answer within " + this.budget.toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			thread.interrupt();
			return failed(detector, "interrupted");
		}
	}

	private @Nullable Detector chosen() {
		if (this.kind == EnvironmentKind.AUTO && this.evidence.variable(LAMBDA_FUNCTION_VARIABLE) != null) {
			// Lambda writes the function's segment itself, with its own origin; ours are
			// subsegments under it
			return null;
		}
		for (Detector detector : DETECTORS) {
			if (this.kind == EnvironmentKind.AUTO && detector.hasEvidence(this.evidence)) {
				return detector;
			}
			if (this.kind == detector.kind()) {
				return detector;
			}
		}
		return null;
	}

	private static AwsEnvironment failed(Detector detector, @Nullable String reason) {
		String name = detector.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
		logger.log(System.Logger.Level.WARNING, "X-Ray: the " + name + " environment could not be read (" + reason
				+ "); segments carry no AWS environment");
		return AwsEnvironment.none();
	}

	/**
	 * Builds an {@link EnvironmentDetector}.
	 */
	public static final class Builder {

		private EnvironmentKind kind = EnvironmentKind.AUTO;

		private Function<String, @Nullable String> variables = System::getenv;

		private EvidencePaths paths = EvidencePaths.defaults();

		private @Nullable String eksClusterName;

		private Duration budget = Duration.ofSeconds(1);

		private Builder() {
		}

		/**
		 * Sets which environment to look for (default {@link EnvironmentKind#AUTO}).
		 * @param kind the environment
		 * @return this builder
		 */
		public Builder kind(EnvironmentKind kind) {
			this.kind = Objects.requireNonNull(kind, "kind");
			return this;
		}

		/**
		 * Sets where environment variables are looked up (default: the process
		 * environment).
		 * @param variables the lookup, returning {@code null} for an unset variable
		 * @return this builder
		 */
		public Builder variables(Function<String, @Nullable String> variables) {
			this.variables = Objects.requireNonNull(variables, "variables");
			return this;
		}

		/**
		 * Sets the evidence files (default {@link EvidencePaths#defaults()}).
		 * @param paths the paths
		 * @return this builder
		 */
		public Builder paths(EvidencePaths paths) {
			this.paths = Objects.requireNonNull(paths, "paths");
			return this;
		}

		/**
		 * Sets the EKS cluster name (default: the {@code EKS_CLUSTER_NAME} variable).
		 * @param eksClusterName the name, may be {@code null}
		 * @return this builder
		 */
		public Builder eksClusterName(@Nullable String eksClusterName) {
			this.eksClusterName = eksClusterName;
			return this;
		}

		/**
		 * Sets how long reading the metadata may take in all (default one second).
		 * @param budget the budget, positive
		 * @return this builder
		 */
		public Builder budget(Duration budget) {
			if (budget.isNegative() || budget.isZero()) {
				throw new IllegalArgumentException("budget must be positive");
			}
			this.budget = budget;
			return this;
		}

		/**
		 * Builds the detector.
		 * @return the detector
		 */
		public EnvironmentDetector build() {
			return new EnvironmentDetector(this);
		}

	}

}
