package org.xrayspring.sample.vision;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.xrayspring.buildrules.ArchitectureRules;

/**
 * The sample follows the project's conventions: every package {@code @NullMarked}. It is
 * laid out as a typical Boot application, with its {@code VisionProperties} in the root
 * package read by the feature packages, so the package cycle rule is not applied here.
 */
class SampleArchitectureTests {

	@Test
	void everyPackageIsNullMarked() {
		JavaClasses classes = ArchitectureRules.mainClasses("org.xrayspring.sample");
		ArchitectureRules.everyPackageIsNullMarked().check(classes);
	}

}
