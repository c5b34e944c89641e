package org.xrayspring.autoconfigure.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xrayspring.recorder.Emitter;
import org.xrayspring.recorder.Segment;
import org.xrayspring.recorder.SegmentDocuments;
import org.xrayspring.recorder.Subsegment;

/**
 * Keeps the documents a recorder emits, serialized at emission time.
 */
public final class RecordingEmitter implements Emitter {

	private final List<String> documents = new CopyOnWriteArrayList<>();

	@Override
	public void sendSegment(Segment segment) {
		this.documents.add(SegmentDocuments.toJson(segment));
	}

	@Override
	public void sendSubsegment(Subsegment subsegment) {
		this.documents.add(SegmentDocuments.toJson(subsegment));
	}

	/**
	 * The documents emitted so far.
	 * @return the documents
	 */
	public List<String> documents() {
		return List.copyOf(this.documents);
	}

}
