package org.xrayspring.console.assembly;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A segment or subsegment of an assembled trace.
 *
 * @author xray-spring-boot
 */
public final class TraceNode {

	private final ObjectNode tree;

	private final boolean segment;

	private @Nullable String parentId;

	private @Nullable TraceNode service;

	final List<TraceNode> children = new ArrayList<>();

	TraceNode(ObjectNode tree, boolean segment, @Nullable String parentId) {
		this.tree = tree;
		this.segment = segment;
		this.parentId = parentId;
	}

	/**
	 * Return the node's JSON. Callers must not modify it.
	 * @return the tree
	 */
	public ObjectNode getTree() {
		return this.tree;
	}

	/**
	 * Return the id.
	 * @return the id
	 */
	public @Nullable String getId() {
		return text("id", "");
	}

	/**
	 * Return the name.
	 * @return the name
	 */
	public @Nullable String getName() {
		return text("name", "");
	}

	/**
	 * Return whether this is a segment (a service's own document) rather than a
	 * subsegment.
	 * @return {@code true} for a segment
	 */
	public boolean isSegment() {
		return this.segment;
	}

	/**
	 * Return the parent id: the calling subsegment for a segment, the enclosing
	 * (sub)segment otherwise.
	 * @return the parent id or {@code null}
	 */
	public @Nullable String getParentId() {
		return this.parentId;
	}

	/**
	 * Return the segment this node belongs to (itself for a segment).
	 * @return the owning segment, or {@code null} for an orphan subsegment
	 */
	public @Nullable TraceNode getService() {
		return this.segment ? this : this.service;
	}

	void setService(@Nullable TraceNode service) {
		this.service = service;
	}

	/**
	 * Return the start time.
	 * @return epoch seconds, or {@code NaN}
	 */
	public double getStartTime() {
		JsonNode value = this.tree.get("start_time");
		return (value != null && value.isNumber()) ? value.doubleValue() : Double.NaN;
	}

	/**
	 * Return the end time.
	 * @return epoch seconds, or {@code NaN} while in progress
	 */
	public double getEndTime() {
		JsonNode value = this.tree.get("end_time");
		return (value != null && value.isNumber()) ? value.doubleValue() : Double.NaN;
	}

	/**
	 * Return the duration.
	 * @return seconds, or {@code NaN} while in progress
	 */
	public double getDuration() {
		return getEndTime() - getStartTime();
	}

	/**
	 * Return whether the node is still in progress.
	 * @return {@code true} without an end time
	 */
	public boolean isInProgress() {
		return Double.isNaN(getEndTime());
	}

	/**
	 * Return whether {@code fault} is set.
	 * @return the flag
	 */
	public boolean isFault() {
		return flag("fault");
	}

	/**
	 * Return whether {@code error} is set.
	 * @return the flag
	 */
	public boolean isError() {
		return flag("error");
	}

	/**
	 * Return whether {@code throttle} is set.
	 * @return the flag
	 */
	public boolean isThrottle() {
		return flag("throttle");
	}

	/**
	 * Return the namespace ({@code aws}, {@code remote} or {@code null}).
	 * @return the namespace
	 */
	public @Nullable String getNamespace() {
		return text("namespace", null);
	}

	/**
	 * Return the {@code origin} (resource type) of a segment.
	 * @return the origin or {@code null}
	 */
	public @Nullable String getOrigin() {
		return text("origin", null);
	}

	/**
	 * Return the HTTP response status.
	 * @return the status, or {@code null}
	 */
	public @Nullable Integer getHttpStatus() {
		JsonNode status = this.tree.path("http").path("response").path("status");
		if (!status.isNumber()) {
			return null;
		}
		// Read through double: intValue() throws for values outside int or with a
		// fraction.
		double value = status.doubleValue();
		return (value == Math.rint(value) && value >= 0 && value <= 999) ? (int) value : null;
	}

	/**
	 * Return a string under {@code http.request}.
	 * @param field the field, for example {@code method}
	 * @return the value or {@code null}
	 */
	public @Nullable String getHttpRequest(String field) {
		JsonNode value = this.tree.path("http").path("request").path(field);
		return value.isString() ? value.stringValue() : null;
	}

	/**
	 * Return the child subsegments, embedded and independent, by start time.
	 * @return the children
	 */
	public List<TraceNode> getChildren() {
		return this.children;
	}

	@Nullable String text(String field, @Nullable String fallback) {
		JsonNode value = this.tree.get(field);
		return (value != null && value.isString()) ? value.stringValue() : fallback;
	}

	private boolean flag(String field) {
		JsonNode value = this.tree.get(field);
		return value != null && value.isBoolean() && value.booleanValue();
	}

	@Override
	public String toString() {
		return (this.segment ? "segment " : "subsegment ") + getName() + "/" + getId();
	}

}
