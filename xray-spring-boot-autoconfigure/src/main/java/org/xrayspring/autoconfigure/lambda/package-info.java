/**
 * Running inside AWS Lambda: the invocation's trace header, whose segment Lambda owns.
 */
@NullMarked
package org.xrayspring.autoconfigure.lambda;

import org.jspecify.annotations.NullMarked;
