package org.xrayspring.recorder;

import java.util.List;
import java.util.Map;

import org.xrayspring.recorder.json.JsonWriter;
import org.xrayspring.recorder.json.JsonWriter.Name;

/**
 * Writes entities as segment documents, exactly per the X-Ray segment document format.
 * Options let {@link SegmentDocumentWriter} leave out subsegments and trim oversized
 * documents.
 */
final class DocumentWriter {

	private static final String WORKING_DIRECTORY = System.getProperty("user.dir");

	// the fields of every entity, encoded once (see JsonWriter.Name)

	private static final Name NAME = Name.of("name");

	private static final Name ID = Name.of("id");

	private static final Name TRACE_ID = Name.of("trace_id");

	private static final Name PARENT_ID = Name.of("parent_id");

	private static final Name TYPE = Name.of("type");

	private static final Name START_TIME = Name.of("start_time");

	private static final Name END_TIME = Name.of("end_time");

	private static final Name IN_PROGRESS = Name.of("in_progress");

	private static final Name NAMESPACE = Name.of("namespace");

	private static final Name ORIGIN = Name.of("origin");

	private static final Name USER = Name.of("user");

	private static final Name ERROR = Name.of("error");

	private static final Name THROTTLE = Name.of("throttle");

	private static final Name FAULT = Name.of("fault");

	private static final Name SUBSEGMENTS = Name.of("subsegments");

	private static final Name HTTP = Name.of("http");

	private static final Name REQUEST = Name.of("request");

	private static final Name RESPONSE = Name.of("response");

	private static final Name AWS = Name.of("aws");

	private static final Name XRAY = Name.of("xray");

	private static final Name SDK = Name.of("sdk");

	private static final Name SDK_VERSION = Name.of("sdk_version");

	private static final Name RULE_NAME = Name.of("rule_name");

	private final JsonWriter json;

	private boolean includeSubsegments = true;

	private boolean includeMetadata = true;

	private int maxStackFrames = ExceptionRecord.MAX_STACK_FRAMES;

	private boolean includeAnnotations = true;

	private boolean includeQuery = true;

	private boolean includeMessages = true;

	private List<String> trimmed = List.of();

	DocumentWriter(JsonWriter json) {
		this.json = json;
	}

	DocumentWriter includeSubsegments(boolean include) {
		this.includeSubsegments = include;
		return this;
	}

	/**
	 * Leaves out what the trimming steps name (see {@link SegmentDocumentWriter}), and
	 * lists them under {@code metadata.xray.trimmed}.
	 * @param trimmed the steps taken: {@code metadata}, {@code stack}, {@code sql},
	 * {@code messages}, {@code annotations}
	 * @return this writer
	 */
	DocumentWriter trim(List<String> trimmed) {
		this.trimmed = trimmed;
		this.includeMetadata = !trimmed.contains(SegmentDocumentWriter.TRIM_METADATA);
		this.maxStackFrames = trimmed.contains(SegmentDocumentWriter.TRIM_STACK) ? 0 : ExceptionRecord.MAX_STACK_FRAMES;
		this.includeQuery = !trimmed.contains(SegmentDocumentWriter.TRIM_SQL);
		this.includeMessages = !trimmed.contains(SegmentDocumentWriter.TRIM_MESSAGES);
		this.includeAnnotations = !trimmed.contains(SegmentDocumentWriter.TRIM_ANNOTATIONS);
		return this;
	}

	/**
	 * Writes a segment, or a subsegment as an independent document, into the writer
	 * (reset first).
	 * @return the writer
	 */
	JsonWriter write(Entity entity) {
		this.json.reset();
		synchronized (entity.getSegment()) {
			if (entity instanceof Segment segment) {
				writeEntity(segment, true, false);
			}
			else {
				writeEntity(entity, false, true);
			}
		}
		return this.json;
	}

	private void writeEntity(Entity entity, boolean root, boolean independent) {
		JsonWriter json = this.json;
		json.beginObject();
		json.field(NAME, entity.name);
		json.field(ID, entity.id);
		if (root) {
			Segment segment = (Segment) entity;
			json.field(TRACE_ID, segment.getTraceId());
			json.field(PARENT_ID, segment.getParentId());
		}
		else if (independent) {
			Subsegment subsegment = (Subsegment) entity;
			json.field(TYPE, "subsegment");
			json.field(TRACE_ID, subsegment.getTraceId());
			json.field(PARENT_ID, subsegment.getParent().id);
		}
		json.secondsField(START_TIME, entity.startMicros);
		long end = entity.endMicros;
		if (end != 0) {
			json.secondsField(END_TIME, end);
		}
		else {
			json.field(IN_PROGRESS, true);
		}
		if (entity instanceof Subsegment subsegment) {
			json.field(NAMESPACE, subsegment.namespace);
		}
		else {
			Segment segment = (Segment) entity;
			json.field(ORIGIN, segment.origin);
			json.field(USER, segment.user);
		}
		if (end == 0) {
			// An open entity's own thread may be writing its fields right now, without
			// the segment's monitor:
			// write only what cannot change, and its children. Its complete document
			// carries the rest.
			writeSubsegments(entity);
			json.endObject();
			return;
		}
		if (entity.error) {
			json.field(ERROR, true);
		}
		if (entity.throttle) {
			json.field(THROTTLE, true);
		}
		if (entity.fault) {
			json.field(FAULT, true);
		}
		writeHttp(entity);
		writeAws(entity, root);
		if (entity instanceof Subsegment subsegment && subsegment.sql != null && !subsegment.sql.isEmpty()) {
			writeSql(subsegment.sql);
		}
		if (root) {
			Segment segment = (Segment) entity;
			if (segment.serviceVersion != null) {
				json.beginObject("service").field("version", segment.serviceVersion).endObject();
			}
		}
		if (this.includeAnnotations && entity.annotations != null && !entity.annotations.isEmpty()) {
			json.valueField("annotations", entity.annotations);
		}
		writeMetadata(entity, root || independent);
		writeCause(entity);
		writeSubsegments(entity);
		json.endObject();
	}

	private void writeSubsegments(Entity entity) {
		if (entity.subsegments != null && !entity.subsegments.isEmpty() && this.includeSubsegments) {
			this.json.beginArray(SUBSEGMENTS);
			for (Subsegment child : entity.subsegments) {
				writeEntity(child, false, false);
			}
			this.json.endArray();
		}
	}

	private void writeHttp(Entity entity) {
		Fields request = entity.httpRequest;
		Fields response = entity.httpResponse;
		boolean hasRequest = request != null && request.size() > 0;
		boolean hasResponse = response != null && response.size() > 0;
		if (!hasRequest && !hasResponse) {
			return;
		}
		this.json.beginObject(HTTP);
		if (hasRequest) {
			writeFields(REQUEST, request);
		}
		if (hasResponse) {
			writeFields(RESPONSE, response);
		}
		this.json.endObject();
	}

	private void writeFields(Name name, Fields fields) {
		this.json.beginObject(name);
		for (int i = 0; i < fields.size(); i++) {
			this.json.valueField(fields.key(i), fields.value(i));
		}
		this.json.endObject();
	}

	private void writeSql(Map<String, Object> sql) {
		if (this.includeQuery || !sql.containsKey(Subsegment.SANITIZED_QUERY)) {
			this.json.valueField("sql", sql);
			return;
		}
		this.json.beginObject("sql");
		for (Map.Entry<String, Object> entry : sql.entrySet()) {
			if (!Subsegment.SANITIZED_QUERY.equals(entry.getKey())) {
				this.json.valueField(entry.getKey(), entry.getValue());
			}
		}
		this.json.endObject();
	}

	private void writeAws(Entity entity, boolean root) {
		Map<String, Object> aws = entity.aws;
		if (!root) {
			if (aws != null && !aws.isEmpty()) {
				this.json.valueField("aws", aws);
			}
			return;
		}
		this.json.beginObject(AWS);
		// the environment's fields are shared by every segment of the recorder; a
		// segment's own field wins
		for (Map.Entry<String, Object> entry : entity.recorder.environmentAws.entrySet()) {
			if (aws == null || !aws.containsKey(entry.getKey())) {
				this.json.valueField(entry.getKey(), entry.getValue());
			}
		}
		if (aws != null) {
			for (Map.Entry<String, Object> entry : aws.entrySet()) {
				if (!"xray".equals(entry.getKey())) {
					this.json.valueField(entry.getKey(), entry.getValue());
				}
			}
		}
		this.json.beginObject(XRAY).field(SDK, XRayRecorder.SDK_NAME).field(SDK_VERSION, XRayRecorder.VERSION);
		if (entity instanceof Segment segment && segment.samplingRuleName != null) {
			this.json.field(RULE_NAME, segment.samplingRuleName);
		}
		this.json.endObject();
		this.json.endObject();
	}

	private void writeMetadata(Entity entity, boolean topLevel) {
		boolean hasMetadata = this.includeMetadata && entity.metadata != null && !entity.metadata.isEmpty();
		boolean marker = topLevel && !this.trimmed.isEmpty();
		if (!hasMetadata && !marker) {
			return;
		}
		this.json.beginObject("metadata");
		if (hasMetadata) {
			for (Map.Entry<String, Map<String, Object>> namespace : entity.metadata.entrySet()) {
				this.json.valueField(namespace.getKey(), namespace.getValue());
			}
		}
		if (marker) {
			this.json.beginObject("xray").valueField("trimmed", this.trimmed).endObject();
		}
		this.json.endObject();
	}

	private void writeCause(Entity entity) {
		if (entity.exceptions == null || entity.exceptions.isEmpty()) {
			if (entity.causeReference != null) {
				this.json.field("cause", entity.causeReference);
			}
			return;
		}
		JsonWriter json = this.json;
		json.beginObject("cause");
		json.field("working_directory", WORKING_DIRECTORY);
		json.beginArray("exceptions");
		for (ExceptionRecord record : entity.exceptions) {
			Throwable throwable = record.throwable;
			json.beginObject();
			json.field("id", record.id);
			json.field("type", Entity.truncate(throwable.getClass().getName(), Entity.MAX_STRING_LENGTH));
			if (record.message != null && this.includeMessages) {
				json.field("message", record.message);
			}
			if (record.remote) {
				json.field("remote", true);
			}
			json.field("cause", record.causeId);
			StackTraceElement[] stack = record.stack;
			int frames = Math.min(stack.length, this.maxStackFrames);
			if (stack.length > frames) {
				json.field("truncated", stack.length - frames);
			}
			if (frames > 0) {
				json.beginArray("stack");
				for (int i = 0; i < frames; i++) {
					StackTraceElement element = stack[i];
					json.beginObject();
					String file = element.getFileName();
					json.field("path",
							(file != null) ? Entity.truncate(file, Entity.MAX_STRING_LENGTH) : "Unknown Source");
					if (element.getLineNumber() >= 0) {
						json.field("line", element.getLineNumber());
					}
					// class and method names are at most 64 KiB each in a class file:
					// each is cut
					json.field("label", Entity.truncate(element.getClassName(), Entity.MAX_STRING_LENGTH),
							Entity.truncate(element.getMethodName(), Entity.MAX_STRING_LENGTH));
					json.endObject();
				}
				json.endArray();
			}
			json.endObject();
		}
		json.endArray();
		json.endObject();
	}

}
