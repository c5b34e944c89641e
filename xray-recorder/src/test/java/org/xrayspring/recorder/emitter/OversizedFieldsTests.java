package org.xrayspring.recorder.emitter;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.xrayspring.recorder.Entity;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.Subsegment;
import org.xrayspring.recorder.XRayRecorder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents with oversized strings are cut and sent, never dropped: each string field has
 * a length limit applied when it is recorded, and a document that is still too large is
 * trimmed until it fits.
 */
class OversizedFieldsTests {

	private static final int ONE_MEGABYTE = 1_000_000;

	private final DaemonRoundTrip daemon = new DaemonRoundTrip();

	private final XRayRecorder recorder = this.daemon.recorder();

	@AfterEach
	void close() {
		this.daemon.close();
	}

	@Test
	void exceptionWithAOneMegabyteMessageIsCutAndSent() {
		Segment segment = this.recorder.beginSegment("svc");
		segment.addException(new IllegalStateException("m".repeat(ONE_MEGABYTE)));
		this.recorder.endSegment();
		JsonNode exception = DaemonRoundTrip.find(this.daemon.receiveAll(), segment)
			.path("cause")
			.path("exceptions")
			.get(0);
		assertThat(exception.path("type").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(exception.path("message").asString()).hasSize(Entity.MAX_EXCEPTION_MESSAGE_LENGTH).matches("m+");
		assertThat(exception.path("stack").size()).isPositive();
		assertNothingDropped();
	}

	@Test
	void exceptionWhoseMessageCannotBeReadIsSentWithoutIt() {
		Segment segment = this.recorder.beginSegment("svc");
		segment.addException(new IllegalStateException() {

			@Override
			public String getMessage() {
				throw new UnsupportedOperationException("no message");
			}

		});
		this.recorder.endSegment();
		JsonNode exception = DaemonRoundTrip.find(this.daemon.receiveAll(), segment)
			.path("cause")
			.path("exceptions")
			.get(0);
		assertThat(exception.has("message")).isFalse();
		assertThat(exception.path("stack").size()).isPositive();
		assertNothingDropped();
	}

	@Test
	void oneMegabyteSqlStatementIsCutAndSent() {
		Segment segment = this.recorder.beginSegment("svc");
		Subsegment query = this.recorder.beginSubsegment("test@localhost");
		query.putSql("url", "jdbc:h2:mem:test");
		query.putSql("sanitized_query", "select ? from dual where x in (" + "?,".repeat(ONE_MEGABYTE / 2) + "?)");
		query.end();
		this.recorder.endSegment();
		List<JsonNode> documents = this.daemon.receiveAll();
		DaemonRoundTrip.find(documents, segment);
		JsonNode sql = DaemonRoundTrip.find(documents, query).path("sql");
		assertThat(sql.path("url").asString()).isEqualTo("jdbc:h2:mem:test");
		assertThat(sql.path("sanitized_query").asString()).hasSize(Subsegment.MAX_SQL_QUERY_LENGTH)
			.startsWith("select ? from dual");
		assertNothingDropped();
	}

	@Test
	void oneMegabyteStringsInEveryOtherFieldAreCutAndSent() {
		String huge = "h".repeat(ONE_MEGABYTE);
		Segment segment = this.recorder.beginSegment("svc");
		segment.setUser(huge);
		segment.setOrigin(huge);
		segment.setServiceVersion(huge);
		segment.putHttpRequest("url", huge);
		segment.putHttpRequest("user_agent", new StringBuilder(huge));
		segment.putHttpRequest("client_ip", huge);
		segment.putHttpRequest("method", huge);
		segment.putAws("account_id", huge);
		segment.putAws("ecs", java.util.Map.of("container", huge));
		segment.putAnnotation("big", huge);
		segment.putMetadata("big", huge);
		segment.putMetadata("nested", java.util.Map.of("list", List.of(huge)));
		Subsegment query = this.recorder.beginSubsegment("test@localhost");
		query.setNamespace(huge);
		for (String key : List.of("url", "database_type", "database_version", "driver_version", "user", "preparation",
				"connection_string")) {
			query.putSql(key, huge);
		}
		query.end();
		this.recorder.endSegment();
		List<JsonNode> documents = this.daemon.receiveAll();
		JsonNode document = DaemonRoundTrip.find(documents, segment);
		assertThat(document.path("user").asString()).hasSize(Entity.MAX_STRING_LENGTH);
		assertThat(document.path("service").path("version").asString()).hasSize(Entity.MAX_STRING_LENGTH);
		assertThat(document.path("aws").path("ecs").path("container").asString()).hasSize(Entity.MAX_STRING_LENGTH);
		assertThat(document.path("metadata").path("default").path("big").asString())
			.hasSize(Entity.MAX_METADATA_STRING_LENGTH);
		assertThat(DaemonRoundTrip.find(documents, query).path("sql").path("connection_string").asString())
			.hasSize(Entity.MAX_STRING_LENGTH);
		assertThat(DaemonRoundTrip.find(documents, query).path("namespace").asString())
			.hasSize(Entity.MAX_STRING_LENGTH);
		assertNothingDropped();
	}

	/**
	 * Every field at its limit, in characters that take 1, 3 and 6 bytes in the document
	 * (plain, CJK, escaped control characters): too large even for one entity alone, so
	 * it is trimmed step by step, and still sent.
	 */
	@ParameterizedTest
	@ValueSource(chars = { 'a', '\u65e5', '\u0001' })
	void entityWithEveryFieldAtItsLimitIsTrimmedAndSent(char c) {
		String huge = String.valueOf(c).repeat(20_000);
		Segment segment = this.recorder.beginSegment(huge);
		segment.setUser(huge);
		segment.setOrigin(huge);
		Subsegment entity = this.recorder.beginSubsegment(huge);
		entity.setNamespace(Subsegment.NAMESPACE_REMOTE);
		for (String key : List.of("method", "url", "user_agent", "client_ip")) {
			entity.putHttpRequest(key, huge);
		}
		entity.putHttpResponse("status", 500);
		for (String key : List.of("operation", "region", "request_id", "table_name", "queue_url", "id_2")) {
			entity.putAws(key, huge);
		}
		for (String key : List.of("url", "sanitized_query", "database_type", "database_version", "driver_version",
				"user", "preparation")) {
			entity.putSql(key, huge);
		}
		for (int i = 0; i < 50; i++) {
			entity.putAnnotation("key_" + i, huge);
			entity.putMetadata("key_" + i, huge);
		}
		for (int i = 0; i < 10; i++) {
			entity.addException(chain(huge, 10));
		}
		entity.end();
		this.recorder.endSegment();
		List<JsonNode> documents = this.daemon.receiveAll();
		DaemonRoundTrip.find(documents, segment);
		JsonNode sent = DaemonRoundTrip.find(documents, entity);
		assertThat(sent.path("metadata").path("xray").path("trimmed").size()).isPositive();
		assertThat(sent.path("cause").path("exceptions").size()).isPositive();
		assertThat(sent.path("fault").asBoolean()).isTrue();
		assertThat(this.daemon.emitter().counters().get("documents.trimmed")).isPositive();
		assertNothingDropped();
	}

	private static RuntimeException chain(String message, int length) {
		RuntimeException exception = new RuntimeException(message);
		for (int i = 1; i < length; i++) {
			exception = new RuntimeException(message, exception);
		}
		return exception;
	}

	private void assertNothingDropped() {
		assertThat(this.daemon.emitter().counters()).containsEntry("dropped.too_large", 0L)
			.containsEntry("dropped.serialization_error", 0L);
	}

}
