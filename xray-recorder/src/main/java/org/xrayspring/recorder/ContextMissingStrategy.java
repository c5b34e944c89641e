package org.xrayspring.recorder;

/**
 * What the programmatic API does when it is called with no entity current on the thread.
 * Instrumentation never consults it: outside a trace it records nothing and logs at debug
 * level only.
 */
public enum ContextMissingStrategy {

	/** Count it and log a warning (at most once a minute); the call does nothing. */
	LOG,

	/** Count it; the call does nothing. */
	IGNORE,

	/** Throw {@link ContextMissingException} (strict mode). */
	FAIL

}
