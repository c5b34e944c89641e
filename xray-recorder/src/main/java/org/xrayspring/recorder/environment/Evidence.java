package org.xrayspring.recorder.environment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.xrayspring.recorder.json.JsonParseException;
import org.xrayspring.recorder.json.JsonReader;

/**
 * What the detectors look at: environment variables (through a lookup, so that tests need
 * not change the process environment), local files, and the configured EKS cluster name.
 */
final class Evidence {

	/** Longest string taken from a metadata document or file. */
	static final int MAX_VALUE_LENGTH = 1024;

	private final Function<String, @Nullable String> variables;

	private final EvidencePaths paths;

	private final @Nullable String eksClusterName;

	Evidence(Function<String, @Nullable String> variables, EvidencePaths paths, @Nullable String eksClusterName) {
		this.variables = variables;
		this.paths = paths;
		this.eksClusterName = eksClusterName;
	}

	EvidencePaths paths() {
		return this.paths;
	}

	/**
	 * A variable's value.
	 * @param name the variable
	 * @return its value trimmed, {@code null} when unset or blank
	 */
	@Nullable String variable(String name) {
		String value = this.variables.apply(name);
		return (value != null && !value.isBlank()) ? value.trim() : null;
	}

	@Nullable String eksClusterName() {
		String configured = (this.eksClusterName != null && !this.eksClusterName.isBlank()) ? this.eksClusterName
				: variable(EksDetector.CLUSTER_NAME_VARIABLE);
		return (configured != null) ? bounded(configured.trim()) : null;
	}

	static boolean exists(Path path) {
		try {
			return Files.isRegularFile(path);
		}
		catch (SecurityException ex) {
			return false;
		}
	}

	/**
	 * Reads a small file.
	 * @param path the file
	 * @return its first {@value MetadataFetcher#MAX_BODY_BYTES} bytes as UTF-8
	 * @throws IOException when it cannot be read
	 */
	static String read(Path path) throws IOException {
		try (InputStream in = Files.newInputStream(path)) {
			return new String(in.readNBytes(MetadataFetcher.MAX_BODY_BYTES), StandardCharsets.UTF_8);
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(String json, String what) throws IOException {
		try {
			Object parsed = JsonReader.parse(json, 8);
			if (parsed instanceof Map<?, ?> map) {
				return (Map<String, Object>) map;
			}
		}
		catch (JsonParseException ex) {
			throw new IOException(what + " is not JSON: " + ex.getMessage());
		}
		throw new IOException(what + " is not a JSON object");
	}

	/**
	 * A string field of a metadata document.
	 * @param document the document
	 * @param key the field
	 * @return the value, cut to {@value #MAX_VALUE_LENGTH} characters; {@code null} when
	 * missing, blank or not a string
	 */
	static @Nullable String text(Map<String, Object> document, String key) {
		return (document.get(key) instanceof String value && !value.isBlank()) ? bounded(value) : null;
	}

	static String bounded(String value) {
		return (value.length() > MAX_VALUE_LENGTH) ? value.substring(0, MAX_VALUE_LENGTH) : value;
	}

}
