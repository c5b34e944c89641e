/**
 * Running inside AWS Lambda: the invocation's trace header, whose segment Lambda owns.
 */
package org.xrayspring.autoconfigure.lambda;
