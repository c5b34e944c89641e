package org.xrayspring.console.receiver;

/**
 * Why the receiver rejected or dropped a datagram.
 *
 * @author xray-spring-boot
 */
public enum RejectReason {

	/**
	 * No newline in the datagram, so no header/body split (the daemon's "Missing header
	 * or segment").
	 */
	NO_NEWLINE("no-newline"),

	/**
	 * Header is not {@code {"format": "json", "version": 1}} (format in any case, version
	 * the integer 1).
	 */
	INVALID_HEADER("invalid-header"),

	/** Nothing (or only whitespace) after the newline. */
	EMPTY_BODY("empty-body"),

	/** The body is not a JSON object. */
	INVALID_JSON("invalid-json"),

	/**
	 * The body is JSON but not a valid segment document (see the document error in recent
	 * rejects).
	 */
	INVALID_DOCUMENT("invalid-document"),

	/**
	 * The processing queue was full (in datagrams or in bytes); the datagram was dropped
	 * unread.
	 */
	QUEUE_FULL("queue-full");

	private final String key;

	RejectReason(String key) {
		this.key = key;
	}

	/**
	 * Return the key used in the API and the UI.
	 * @return the key, for example {@code invalid-header}
	 */
	public String key() {
		return this.key;
	}

}
