package org.xrayspring.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.xrayspring.buildrules.ArchitectureRules;

/**
 * The test-support module's architecture: no package cycles, every package
 * {@code @NullMarked}.
 */
class XRayTestArchitectureTests {

	private static final JavaClasses classes = ArchitectureRules.mainClasses("org.xrayspring.test");

	@Test
	void hasNoPackageCycles() {
		ArchitectureRules.noPackageCycles("org.xrayspring.test").check(classes);
	}

	@Test
	void everyPackageIsNullMarked() {
		ArchitectureRules.everyPackageIsNullMarked().check(classes);
	}

}
