package org.xrayspring.recorder;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Fields}.
 */
class FieldsTests {

	@Test
	void keepsTheOrderFieldsWereFirstPutIn() {
		Fields fields = new Fields();
		fields.put("method", "GET");
		fields.put("url", "http://example.com/");
		fields.put("client_ip", "127.0.0.1");
		assertThat(entries(fields)).containsExactly("method=GET", "url=http://example.com/", "client_ip=127.0.0.1");
	}

	@Test
	void puttingAFieldAgainReplacesItsValueWhereItIs() {
		Fields fields = new Fields();
		fields.put("method", "GET");
		fields.put("url", "http://example.com/");
		// an equal key that is not the same instance
		fields.put(new String("method"), "POST");
		assertThat(entries(fields)).containsExactly("method=POST", "url=http://example.com/");
	}

	@Test
	void removingAFieldKeepsTheOthersInOrder() {
		Fields fields = new Fields();
		fields.put("a", 1);
		fields.put("b", 2);
		fields.put("c", 3);
		fields.put("b", null);
		assertThat(entries(fields)).containsExactly("a=1", "c=3");
		fields.put("b", 4);
		assertThat(entries(fields)).containsExactly("a=1", "c=3", "b=4");
		fields.put("missing", null);
		assertThat(fields.size()).isEqualTo(3);
	}

	@Test
	void growsBeyondItsInitialCapacity() {
		Fields fields = new Fields();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			fields.put("f" + i, i);
			expected.add("f" + i + "=" + i);
		}
		assertThat(entries(fields)).containsExactlyElementsOf(expected);
		for (int i = 0; i < 40; i += 2) {
			fields.put("f" + i, null);
		}
		assertThat(fields.size()).isEqualTo(20);
		assertThat(entries(fields)).first().isEqualTo("f1=1");
		assertThat(entries(fields)).last().isEqualTo("f39=39");
	}

	private static List<String> entries(Fields fields) {
		List<String> entries = new ArrayList<>();
		for (int i = 0; i < fields.size(); i++) {
			entries.add(fields.key(i) + "=" + fields.value(i));
		}
		return entries;
	}

}
