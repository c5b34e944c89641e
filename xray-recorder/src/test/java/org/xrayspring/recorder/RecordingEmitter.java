package org.xrayspring.recorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps what the recorder emits, serialized at emission time.
 */
final class RecordingEmitter implements Emitter {

	final List<Segment> segments = new CopyOnWriteArrayList<>();

	final List<Subsegment> subsegments = new CopyOnWriteArrayList<>();

	final List<String> documents = new CopyOnWriteArrayList<>();

	@Override
	public void sendSegment(Segment segment) {
		this.segments.add(segment);
		this.documents.add(SegmentDocumentWriter.toJson(segment));
	}

	@Override
	public void sendSubsegment(Subsegment subsegment) {
		this.subsegments.add(subsegment);
		this.documents.add(SegmentDocumentWriter.toJson(subsegment));
	}

}
