package org.xrayspring.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import org.xrayspring.recorder.ContextMissingException;
import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.emitter.UdpEmitter;
import org.xrayspring.recorder.sampling.LocalSamplingStrategy;
import org.xrayspring.recorder.sampling.SamplingStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class XRayAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer((context) -> new XRayEnvironmentVariablesPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class));

	@Test
	void providesRecorderEmitterAndSamplingByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(XRayRecorder.class)
				.hasSingleBean(UdpEmitter.class)
				.hasSingleBean(SamplingStrategy.class)
				.hasSingleBean(XRayProperties.class);
			UdpEmitter emitter = context.getBean(UdpEmitter.class);
			assertThat(emitter.getAddress().udpHost()).isEqualTo("127.0.0.1");
			assertThat(emitter.getAddress().udpPort()).isEqualTo(2000);
			LocalSamplingStrategy sampling = context.getBean(LocalSamplingStrategy.class);
			assertThat(sampling.rules()).isEmpty();
			assertThat(sampling.defaultRule().fixedTarget()).isEqualTo(1);
			assertThat(sampling.defaultRule().rate()).isEqualTo(0.05);
			assertThat(context.getBean(XRayRecorder.class).getEmitter()).isSameAs(emitter);
		});
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("xray.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(XRayRecorder.class)
				.doesNotHaveBean(Emitter.class)
				.doesNotHaveBean(SamplingStrategy.class));
	}

	@Test
	void daemonAddressProperty() {
		this.contextRunner.withPropertyValues("xray.daemon-address=udp:127.0.0.2:3000 tcp:127.0.0.3:3001")
			.run((context) -> {
				UdpEmitter emitter = context.getBean(UdpEmitter.class);
				assertThat(emitter.getAddress().udpHost()).isEqualTo("127.0.0.2");
				assertThat(emitter.getAddress().udpPort()).isEqualTo(3000);
				assertThat(emitter.getAddress().tcpEndpoint()).isEqualTo("http://127.0.0.3:3001");
			});
	}

	@Test
	void environmentVariableIsUsedWhenPropertyIsNotSet() {
		this.contextRunner.withPropertyValues("AWS_XRAY_DAEMON_ADDRESS=127.0.0.9:2999")
			.run((context) -> assertThat(context.getBean(UdpEmitter.class).getAddress().udpPort()).isEqualTo(2999));
	}

	@Test
	void propertyWinsOverEnvironmentVariable() {
		this.contextRunner
			.withPropertyValues("AWS_XRAY_DAEMON_ADDRESS=127.0.0.9:2999", "xray.daemon-address=127.0.0.1:2888")
			.run((context) -> assertThat(context.getBean(UdpEmitter.class).getAddress().udpPort()).isEqualTo(2888));
	}

	@Test
	void invalidDaemonAddressFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("xray.daemon-address=localhost").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("xray.daemon-address")
				.hasMessageContaining("host:port");
		});
	}

	@Test
	void invalidEnvironmentVariableFailsStartupNamingTheVariable() {
		this.contextRunner.withPropertyValues("AWS_XRAY_DAEMON_ADDRESS=nonsense").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("AWS_XRAY_DAEMON_ADDRESS");
		});
	}

	@Test
	void samplingProperties() {
		this.contextRunner.withPropertyValues("xray.sampling.fixed-target=5", "xray.sampling.rate=0.5")
			.run((context) -> {
				LocalSamplingStrategy sampling = context.getBean(LocalSamplingStrategy.class);
				assertThat(sampling.defaultRule().fixedTarget()).isEqualTo(5);
				assertThat(sampling.defaultRule().rate()).isEqualTo(0.5);
			});
	}

	@Test
	void invalidRateFailsStartup() {
		this.contextRunner.withPropertyValues("xray.sampling.rate=1.5").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("xray.sampling.rate");
		});
	}

	@Test
	void negativeFixedTargetFailsStartup() {
		this.contextRunner.withPropertyValues("xray.sampling.fixed-target=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("xray.sampling.fixed-target");
		});
	}

	@Test
	void samplingRulesFile() {
		this.contextRunner.withPropertyValues("xray.sampling.rules=classpath:sampling/rules.json").run((context) -> {
			LocalSamplingStrategy sampling = context.getBean(LocalSamplingStrategy.class);
			assertThat(sampling.rules()).hasSize(1);
			assertThat(sampling.rules().get(0).urlPath()).isEqualTo("/health*");
			assertThat(sampling.defaultRule().rate()).isEqualTo(0.2);
		});
	}

	@Test
	void invalidSamplingRulesFileFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("xray.sampling.rules=classpath:sampling/invalid-rules.json")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("xray.sampling.rules")
					.hasMessageContaining("version");
			});
	}

	@Test
	void missingSamplingRulesFileFailsStartup() {
		this.contextRunner.withPropertyValues("xray.sampling.rules=classpath:sampling/missing.json").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("xray.sampling.rules")
				.hasMessageContaining("cannot be read");
		});
	}

	@Test
	void invalidQueueCapacityFailsStartup() {
		this.contextRunner.withPropertyValues("xray.emitter.queue-capacity=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("xray.emitter.queue-capacity");
		});
	}

	@Test
	void contextMissingFailIsApplied() {
		this.contextRunner.withPropertyValues("xray.context-missing=fail").run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			assertThatExceptionOfType(ContextMissingException.class).isThrownBy(() -> recorder.beginSubsegment("x"));
		});
	}

	@Test
	void trustUpstreamFalseIsApplied() {
		this.contextRunner
			.withPropertyValues("xray.sampling.trust-upstream=false", "xray.sampling.fixed-target=0",
					"xray.sampling.rate=0")
			.run((context) -> {
				XRayRecorder recorder = context.getBean(XRayRecorder.class);
				Segment segment = recorder.beginSegment("svc",
						org.xrayspring.recorder.header.TraceHeader
							.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"),
						new org.xrayspring.recorder.sampling.SamplingRequest(null, null, null, "svc"));
				assertThat(segment.isSampled()).isFalse();
				recorder.clearContext();
			});
	}

	@Test
	void serviceVersionIsApplied() {
		this.contextRunner.withPropertyValues("xray.service-version=2.4.1", "xray.sampling.rate=1").run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment segment = recorder.beginSegment("svc");
			recorder.endSegment();
			assertThat(org.xrayspring.recorder.SegmentDocumentWriter.toJson(segment)).contains("\"version\":\"2.4.1\"");
		});
	}

	@Test
	void userBeansWin() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(Emitter.class).doesNotHaveBean(UdpEmitter.class);
			assertThat(context.getBean(SamplingStrategy.class)).isSameAs(UserBeans.SAMPLING);
			assertThat(context.getBean(XRayRecorder.class).getEmitter()).isSameAs(UserBeans.EMITTER);
		});
	}

	@Test
	void userRecorderWins() {
		XRayRecorder own = XRayRecorder.builder().build();
		this.contextRunner.withBean(XRayRecorder.class, () -> own)
			.run((context) -> assertThat(context.getBean(XRayRecorder.class)).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final Emitter EMITTER = new Emitter() {
			@Override
			public void sendSegment(Segment segment) {
			}

			@Override
			public void sendSubsegment(Subsegment subsegment) {
			}
		};

		static final SamplingStrategy SAMPLING = SamplingStrategy.always();

		@Bean
		Emitter userEmitter() {
			return EMITTER;
		}

		@Bean
		SamplingStrategy userSampling() {
			return SAMPLING;
		}

	}

}
