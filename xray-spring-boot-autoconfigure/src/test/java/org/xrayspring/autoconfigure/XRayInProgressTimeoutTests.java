package org.xrayspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.SegmentDocumentWriter;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.xrayspring.test.XRayDocuments.assertValidDocument;

/**
 * {@code xray.in-progress-timeout}, or its deprecated former name
 * {@code xray.emitter.in-progress-timeout}, reaches the recorder, whose shared scheduler
 * thread sends the in-progress document.
 */
class XRayInProgressTimeoutTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XRayAutoConfiguration.class))
		.withPropertyValues("xray.sampling.fixed-target=100", "xray.sampling.rate=1")
		.withBean(Emitter.class, InProgressEmitter::new);

	@Test
	void defaultTimeoutIsThirtySeconds() {
		assertThat(new XRayProperties().getInProgressTimeout()).isEqualTo(Duration.ofSeconds(30))
			.isEqualTo(XRayRecorder.DEFAULT_IN_PROGRESS_TIMEOUT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "xray.in-progress-timeout", "xray.emitter.in-progress-timeout" })
	void endedSegmentWithOpenSubsegmentIsSentInProgressAfterTheConfiguredTimeout(String property) {
		this.runner.withPropertyValues(property + "=200ms").run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			InProgressEmitter emitter = (InProgressEmitter) context.getBean(Emitter.class);
			Segment segment = recorder.beginSegment("svc");
			Subsegment open = recorder.beginSubsegment("slow");
			recorder.clearContext();
			segment.end();
			await().atMost(Duration.ofSeconds(10)).until(() -> !emitter.inProgress.isEmpty());
			assertThat(emitter.complete).isEmpty();
			assertThat(assertValidDocument(emitter.inProgress.get(0)).path("subsegments")
				.get(0)
				.path("in_progress")
				.asBoolean()).isTrue();
			open.end();
			assertThat(emitter.complete).hasSize(1);
			assertThat(emitter.inProgress).hasSize(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "xray.in-progress-timeout", "xray.emitter.in-progress-timeout" })
	void zeroTimeoutSendsNoInProgressDocument(String property) {
		this.runner.withPropertyValues(property + "=0").run((context) -> {
			XRayRecorder recorder = context.getBean(XRayRecorder.class);
			Segment segment = recorder.beginSegment("svc");
			Subsegment open = recorder.beginSubsegment("slow");
			recorder.clearContext();
			segment.end();
			assertThat(recorder.counters()).containsEntry("segments.in_progress_untracked", 0L);
			open.end();
			InProgressEmitter emitter = (InProgressEmitter) context.getBean(Emitter.class);
			assertThat(emitter.complete).hasSize(1);
			assertThat(emitter.inProgress).isEmpty();
		});
	}

	@Test
	void theNewNameWinsOverTheDeprecatedOneWhicheverComesFirst() {
		this.runner.withPropertyValues("xray.emitter.in-progress-timeout=0", "xray.in-progress-timeout=1h")
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getInProgressTimeout())
				.isEqualTo(Duration.ofHours(1)));
		this.runner.withPropertyValues("xray.in-progress-timeout=1h", "xray.emitter.in-progress-timeout=0")
			.run((context) -> assertThat(context.getBean(XRayProperties.class).getInProgressTimeout())
				.isEqualTo(Duration.ofHours(1)));
		XRayProperties bound = new XRayProperties();
		bound.setInProgressTimeout(Duration.ofHours(1));
		setDeprecated(bound, Duration.ZERO);
		assertThat(bound.getInProgressTimeout()).isEqualTo(Duration.ofHours(1));
		XRayProperties reversed = new XRayProperties();
		setDeprecated(reversed, Duration.ZERO);
		reversed.setInProgressTimeout(Duration.ofHours(1));
		assertThat(reversed.getInProgressTimeout()).isEqualTo(Duration.ofHours(1));
	}

	@SuppressWarnings("removal")
	private static void setDeprecated(XRayProperties properties, Duration timeout) {
		properties.getEmitter().setInProgressTimeout(timeout);
	}

	static final class InProgressEmitter implements Emitter {

		final List<String> complete = new CopyOnWriteArrayList<>();

		final List<String> inProgress = new CopyOnWriteArrayList<>();

		@Override
		public void sendSegment(Segment segment) {
			this.complete.add(SegmentDocumentWriter.toJson(segment));
		}

		@Override
		public void sendInProgressSegment(Segment segment) {
			this.inProgress.add(SegmentDocumentWriter.toJson(segment));
		}

		@Override
		public void sendSubsegment(Subsegment subsegment) {
		}

	}

}
