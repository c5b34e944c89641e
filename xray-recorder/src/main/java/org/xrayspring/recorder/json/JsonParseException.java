package org.xrayspring.recorder.json;

/**
 * Thrown by {@link JsonReader} when its input is not a well-formed JSON document. The
 * message names the problem and where it is (line, column and character offset).
 */
public final class JsonParseException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final int position;

	private final int line;

	private final int column;

	JsonParseException(String problem, int position, int line, int column) {
		super("Malformed JSON at line " + line + ", column " + column + " (offset " + position + "): " + problem);
		this.position = position;
		this.line = line;
		this.column = column;
	}

	/**
	 * Returns the zero-based character offset of the problem.
	 * @return the offset
	 */
	public int getPosition() {
		return this.position;
	}

	/**
	 * Returns the one-based line of the problem.
	 * @return the line
	 */
	public int getLine() {
		return this.line;
	}

	/**
	 * Returns the one-based column of the problem.
	 * @return the column
	 */
	public int getColumn() {
		return this.column;
	}

}
