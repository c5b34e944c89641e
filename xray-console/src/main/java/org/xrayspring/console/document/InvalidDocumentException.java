package org.xrayspring.console.document;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a segment document cannot be accepted.
 *
 * @author xray-spring-boot
 */
public final class InvalidDocumentException extends Exception {

	private final DocumentError error;

	private final @Nullable String documentId;

	InvalidDocumentException(DocumentError error, @Nullable String documentId, String message) {
		super(message, null, false, false);
		this.error = error;
		this.documentId = documentId;
	}

	/**
	 * Return why the document was refused.
	 * @return the error
	 */
	public DocumentError getError() {
		return this.error;
	}

	/**
	 * Return the document's {@code id} if it could be read.
	 * @return the id or {@code null}
	 */
	public @Nullable String getDocumentId() {
		return this.documentId;
	}

}
