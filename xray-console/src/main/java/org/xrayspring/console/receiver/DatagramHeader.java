package org.xrayspring.console.receiver;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The daemon's header check: {@code format} equal to {@code json} ignoring case and
 * {@code version} the integer {@code 1}; keys match case-insensitively (as Go's JSON
 * decoding does), extra keys are ignored and malformed JSON leaves both values unset.
 *
 * @author xray-spring-boot
 */
final class DatagramHeader {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private DatagramHeader() {
	}

	static boolean isValid(byte[] data, int offset, int length) {
		JsonNode header;
		try {
			header = MAPPER.readTree(data, offset, length);
		}
		catch (JacksonException ex) {
			return false;
		}
		if (header == null || !header.isObject()) {
			return false;
		}
		String format = null;
		JsonNode version = null;
		for (Map.Entry<String, JsonNode> property : header.properties()) {
			// Go assigns each matching key in turn, so the last one wins.
			if ("format".equalsIgnoreCase(property.getKey())) {
				format = property.getValue().isString() ? property.getValue().stringValue() : null;
			}
			else if ("version".equalsIgnoreCase(property.getKey())) {
				version = property.getValue();
			}
		}
		return "json".equalsIgnoreCase(format) && version != null && version.isIntegralNumber()
				&& version.canConvertToInt() && version.intValue() == 1;
	}

}
