package org.xrayspring.recorder.emitter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DaemonAddressTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "127.0.0.1:2000|127.0.0.1|2000|http://127.0.0.1:2000",
			"udp:10.0.0.5:2001 tcp:10.0.0.6:2002|10.0.0.5|2001|http://10.0.0.6:2002",
			"tcp:10.0.0.6:2002 udp:10.0.0.5:2001|10.0.0.5|2001|http://10.0.0.6:2002",
			"  xray-daemon:2000  |xray-daemon|2000|http://xray-daemon:2000", "[::1]:2000|::1|2000|http://[::1]:2000" })
	void valid(String value, String udpHost, int udpPort, String tcpEndpoint) {
		DaemonAddress address = DaemonAddress.parse(value);
		assertThat(address.udpHost()).isEqualTo(udpHost);
		assertThat(address.udpPort()).isEqualTo(udpPort);
		assertThat(address.tcpEndpoint()).isEqualTo(tcpEndpoint);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "localhost", "localhost:", ":2000", "localhost:abc", "localhost:0", "localhost:70000",
			"::1:2000", "udp:a:1 udp:b:2", "udp:a:1 tcp:b:2 tcp:c:3", "udp:a:1 b:2", "[::1]2000" })
	void invalid(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> DaemonAddress.parse(value))
			.withMessageContaining("Invalid X-Ray daemon address")
			.withMessageContaining("host:port");
	}

	@Test
	void nullIsInvalid() {
		assertThatIllegalArgumentException().isThrownBy(() -> DaemonAddress.parse(null));
	}

}
