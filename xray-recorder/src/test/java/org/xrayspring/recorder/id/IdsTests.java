package org.xrayspring.recorder.id;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTests {

	@Test
	void traceIdHasTheXRayFormatWithTheCurrentEpochSecond() {
		long before = System.currentTimeMillis() / 1000;
		String id = Ids.newTraceId();
		long after = System.currentTimeMillis() / 1000;
		assertThat(id).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
		long seconds = Long.parseLong(id.substring(2, 10), 16);
		assertThat(seconds).isBetween(before, after);
		assertThat(Ids.isValidTraceId(id)).isTrue();
	}

	@Test
	void traceIdWithGivenEpochSecond() {
		assertThat(Ids.newTraceId(0x5759e988L)).startsWith("1-5759e988-");
	}

	@Test
	void entityIdsAreSixteenLowercaseHex() {
		for (int i = 0; i < 1000; i++) {
			String id = Ids.newEntityId();
			assertThat(id).matches("[0-9a-f]{16}").isNotEqualTo("0000000000000000");
			assertThat(Ids.isValidEntityId(id)).isTrue();
		}
	}

	@Test
	void idsAreUniqueAcrossThreads() throws Exception {
		Set<String> traceIds = ConcurrentHashMap.newKeySet();
		Set<String> entityIds = ConcurrentHashMap.newKeySet();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		for (int t = 0; t < 8; t++) {
			executor.execute(() -> {
				for (int i = 0; i < 5000; i++) {
					traceIds.add(Ids.newTraceId());
					entityIds.add(Ids.newEntityId());
				}
			});
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(traceIds).hasSize(40000);
		assertThat(entityIds).hasSize(40000);
	}

	@Test
	void randomPartOfTraceIdsIsNotRepeatedWithinOneSecond() {
		Set<String> randomParts = new HashSet<>();
		for (int i = 0; i < 10000; i++) {
			randomParts.add(Ids.newTraceId(1).substring(11));
		}
		assertThat(randomParts).hasSize(10000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "1-5759e988-bd862e3fe1be46a99427279", "1-5759e988-bd862e3fe1be46a9942727933",
			"2-5759e988-bd862e3fe1be46a994272793", "1-5759E988-bd862e3fe1be46a994272793",
			"1-5759e988-bd862e3fe1be46a99427279g", "1_5759e988-bd862e3fe1be46a994272793",
			"1-5759e988_bd862e3fe1be46a994272793", "1-5759e98-8bd862e3fe1be46a994272793" })
	void invalidTraceIds(String value) {
		assertThat(Ids.isValidTraceId(value)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "53995c3f42cd8ad", "53995c3f42cd8ad88", "53995C3F42CD8AD8", "53995c3f42cd8adz" })
	void invalidEntityIds(String value) {
		assertThat(Ids.isValidEntityId(value)).isFalse();
	}

	@Test
	void nullIsNotAnId() {
		assertThat(Ids.isValidTraceId(null)).isFalse();
		assertThat(Ids.isValidEntityId(null)).isFalse();
	}

}
