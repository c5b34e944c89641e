package org.xrayspring.autoconfigure.logging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Scope;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;
import org.xrayspring.recorder.sampling.SamplingStrategy;

import static org.assertj.core.api.Assertions.assertThat;

class XRayMdcContextListenerTests {

	private final XRayRecorder recorder = XRayRecorder.builder()
		.samplingStrategy(SamplingStrategy.always())
		.contextListener(new XRayMdcContextListener())
		.build();

	@AfterEach
	void clear() {
		this.recorder.clearContext();
		MDC.clear();
	}

	@Test
	void mdcFollowsTheCurrentEntityAndIsClearedAfterwards() {
		Segment segment = this.recorder.beginSegment("svc");
		String hex = segment.getTraceId().substring(2, 10) + segment.getTraceId().substring(11);
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + segment.getId());
		assertThat(MDC.get("traceId")).isEqualTo(hex).hasSize(32).matches("[0-9a-f]{32}");
		assertThat(MDC.get("spanId")).isEqualTo(segment.getId());
		Subsegment subsegment = this.recorder.beginSubsegment("work");
		assertThat(MDC.get("spanId")).isEqualTo(subsegment.getId());
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + subsegment.getId());
		subsegment.end();
		assertThat(MDC.get("spanId")).isEqualTo(segment.getId());
		this.recorder.endSegment();
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNull();
		assertThat(MDC.get("traceId")).isNull();
		assertThat(MDC.get("spanId")).isNull();
	}

	@Test
	void mdcFollowsContextHandOverAndPooledThreadsAreLeftClean() throws Exception {
		Segment segment = this.recorder.beginSegment("svc");
		Entity captured = this.recorder.getCurrentEntity();
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			String inside = CompletableFuture.supplyAsync(() -> {
				try (Scope scope = this.recorder.setCurrentEntity(captured)) {
					return MDC.get("AWS-XRAY-TRACE-ID");
				}
			}, executor).get();
			assertThat(inside).isEqualTo(segment.getTraceId() + "@" + segment.getId());
			assertThat(CompletableFuture.supplyAsync(() -> MDC.get("AWS-XRAY-TRACE-ID"), executor).get()).isNull();
		}
		finally {
			executor.shutdown();
		}
		this.recorder.endSegment();
	}

	@Test
	void withoutBootKeysOnlyTheXRayKeyIsWrittenAndOthersAreLeftAlone() {
		XRayRecorder recorder = XRayRecorder.builder().contextListener(new XRayMdcContextListener(false)).build();
		MDC.put("traceId", "owned-by-micrometer");
		Segment segment = recorder.beginSegment("svc");
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).startsWith(segment.getTraceId());
		assertThat(MDC.get("traceId")).isEqualTo("owned-by-micrometer");
		recorder.endSegment();
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNull();
		assertThat(MDC.get("traceId")).isEqualTo("owned-by-micrometer");
	}

	@Test
	void returningToTheParentReusesItsValuesAndANewTraceReplacesThem() {
		Segment segment = this.recorder.beginSegment("svc");
		String reference = MDC.get("AWS-XRAY-TRACE-ID");
		String traceId = MDC.get("traceId");
		for (int i = 0; i < 3; i++) {
			Subsegment subsegment = this.recorder.beginSubsegment("work");
			Subsegment nested = this.recorder.beginSubsegment("nested");
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + nested.getId());
			nested.end();
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + subsegment.getId());
			assertThat(MDC.get("spanId")).isEqualTo(subsegment.getId());
			subsegment.end();
			// the same strings, not equal copies: nothing allocated on the way back
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isSameAs(reference);
			assertThat(MDC.get("traceId")).isSameAs(traceId);
			assertThat(MDC.get("spanId")).isEqualTo(segment.getId());
		}
		this.recorder.endSegment();
		Segment next = this.recorder.beginSegment("svc");
		assertThat(next.getTraceId()).isNotEqualTo(segment.getTraceId());
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(next.getTraceId() + "@" + next.getId());
		assertThat(MDC.get("traceId")).isEqualTo(XRayMdcContextListener.hexTraceId(next.getTraceId()));
		this.recorder.endSegment();
	}

	@Test
	void nestingDeeperThanTheCacheWritesTheRightValuesOnTheWayBack() {
		Segment segment = this.recorder.beginSegment("svc");
		java.util.Deque<Entity> open = new java.util.ArrayDeque<>();
		open.push(segment);
		for (int depth = 0; depth < XRayMdcContextListener.RECENT * 2 + 1; depth++) {
			open.push(this.recorder.beginSubsegment("level" + depth));
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + open.peek().getId());
		}
		while (open.size() > 1) {
			((Subsegment) open.pop()).end();
			Entity parent = open.peek();
			assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + parent.getId());
			assertThat(MDC.get("spanId")).isEqualTo(parent.getId());
			assertThat(MDC.get("traceId")).isEqualTo(XRayMdcContextListener.hexTraceId(segment.getTraceId()));
		}
		this.recorder.endSegment();
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isNull();
	}

	@Test
	void keysClearedByTheApplicationAreWrittenAgainAtTheNextChange() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment subsegment = this.recorder.beginSubsegment("work");
		MDC.clear();
		subsegment.end();
		assertThat(MDC.get("AWS-XRAY-TRACE-ID")).isEqualTo(segment.getTraceId() + "@" + segment.getId());
		assertThat(MDC.get("traceId")).isEqualTo(XRayMdcContextListener.hexTraceId(segment.getTraceId()));
		assertThat(MDC.get("spanId")).isEqualTo(segment.getId());
		MDC.put("traceId", "changed-by-the-application");
		this.recorder.beginSubsegment("again").end();
		assertThat(MDC.get("traceId")).isEqualTo(XRayMdcContextListener.hexTraceId(segment.getTraceId()));
		this.recorder.endSegment();
	}

	@Test
	void hexTraceId() {
		assertThat(XRayMdcContextListener.hexTraceId("1-5759e988-bd862e3fe1be46a994272793"))
			.isEqualTo("5759e988bd862e3fe1be46a994272793");
		assertThat(XRayMdcContextListener.hexTraceId("other")).isEqualTo("other");
	}

}
