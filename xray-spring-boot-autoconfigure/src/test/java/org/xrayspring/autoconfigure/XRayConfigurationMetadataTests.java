package org.xrayspring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.annotation.ImportCandidates;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build generates (what IDEs show): one declaration and
 * one description per setting, every instrumentation switch described with its default,
 * and the in-progress timeout's former name pointing to its new one.
 */
class XRayConfigurationMetadataTests {

	private static final String INSTRUMENTATION = "xray.instrumentation.";

	private final JsonNode metadata = read();

	@Test
	void everyInstrumentationSwitchIsDeclaredOnceWithItsDescriptionAndDefault() {
		List<String> switches = switchesOfTheAutoConfigurations();
		assertThat(switches).hasSize(14).doesNotHaveDuplicates();
		Map<String, List<JsonNode>> declared = new TreeMap<>();
		for (JsonNode property : this.metadata.path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith(INSTRUMENTATION)) {
				declared.computeIfAbsent(name, (key) -> new ArrayList<>()).add(property);
			}
		}
		assertThat(declared).containsOnlyKeys(switches);
		declared.forEach((name, declarations) -> {
			assertThat(declarations).as(name).hasSize(1);
			JsonNode property = declarations.get(0);
			assertThat(property.path("type").asString()).as(name).isEqualTo("java.lang.Boolean");
			assertThat(property.path("defaultValue").asBoolean(false)).as(name).isTrue();
			assertThat(property.path("description").asString()).as(name).startsWith("Whether ");
			assertThat(property.has("sourceType")).as("%s is declared in the properties class too", name).isFalse();
		});
		for (JsonNode group : this.metadata.path("groups")) {
			assertThat(group.path("name").asString()).as("a second declaration of the switches")
				.doesNotStartWith("xray.instrumentation");
		}
	}

	@Test
	void inProgressTimeoutIsARecorderSettingAndItsFormerNameIsADeprecatedAlias() {
		JsonNode timeout = property("xray.in-progress-timeout");
		assertThat(timeout.path("type").asString()).isEqualTo("java.time.Duration");
		assertThat(timeout.path("defaultValue").asString()).isEqualTo("30s");
		assertThat(timeout.path("description").asString()).contains("in_progress");
		JsonNode former = property("xray.emitter.in-progress-timeout");
		assertThat(former.path("deprecated").asBoolean()).isTrue();
		assertThat(former.path("deprecation").path("replacement").asString()).isEqualTo("xray.in-progress-timeout");
	}

	private JsonNode property(String name) {
		for (JsonNode property : this.metadata.path("properties")) {
			if (property.path("name").asString().equals(name)) {
				return property;
			}
		}
		throw new AssertionError(name + " is not in the configuration metadata");
	}

	/** The names of the switches that the auto-configurations' conditions read. */
	private static List<String> switchesOfTheAutoConfigurations() {
		List<String> switches = new ArrayList<>();
		ClassLoader classLoader = XRayConfigurationMetadataTests.class.getClassLoader();
		for (String candidate : ImportCandidates.load(org.springframework.boot.autoconfigure.AutoConfiguration.class,
				classLoader)) {
			if (!candidate.startsWith("org.xrayspring.")) {
				continue;
			}
			ConditionalOnBooleanProperty condition;
			try {
				condition = Class.forName(candidate, false, classLoader)
					.getAnnotation(ConditionalOnBooleanProperty.class);
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
			if (condition == null) {
				continue;
			}
			for (String name : (condition.name().length > 0) ? condition.name() : condition.value()) {
				if (name.startsWith(INSTRUMENTATION)) {
					assertThat(condition.matchIfMissing()).as(name).isTrue();
					switches.add(name);
				}
			}
		}
		return switches;
	}

	/** This module's metadata, not that of Boot's jars on the class path. */
	private static JsonNode read() {
		try (InputStream in = XRayProperties.class.getProtectionDomain()
			.getCodeSource()
			.getLocation()
			.toURI()
			.resolve("META-INF/spring-configuration-metadata.json")
			.toURL()
			.openStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
