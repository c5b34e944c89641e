/**
 * AssertJ assertions on recorded traces: start from {@link org.xrayspring.test.assertj.XRayAssertions}.
 */
package org.xrayspring.test.assertj;
