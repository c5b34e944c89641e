package org.xrayspring.recorder.environment;

import java.io.IOException;

/**
 * Finds one environment.
 */
interface Detector {

	EnvironmentKind kind();

	/**
	 * Whether local evidence says the environment is there; looks at variables and files
	 * only.
	 * @param evidence what to look at
	 * @return whether to read the environment's metadata
	 */
	boolean hasEvidence(Evidence evidence);

	/**
	 * Reads the environment.
	 * @param evidence variables and files
	 * @param fetcher the metadata endpoints' client
	 * @return the environment
	 * @throws IOException when the metadata cannot be read; its message says why, in a
	 * few words
	 */
	AwsEnvironment read(Evidence evidence, MetadataFetcher fetcher) throws IOException;

}
