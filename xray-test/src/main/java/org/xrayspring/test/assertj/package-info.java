/**
 * AssertJ assertions on recorded traces: start from
 * {@link org.xrayspring.test.assertj.XRayAssertions}.
 */
@NullMarked
package org.xrayspring.test.assertj;

import org.jspecify.annotations.NullMarked;
