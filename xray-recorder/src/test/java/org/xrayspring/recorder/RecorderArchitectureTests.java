package org.xrayspring.recorder;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.xrayspring.buildrules.ArchitectureRules;

/**
 * The recorder's architecture: JDK only (JSpecify's annotations, absent at run time, are
 * ignored), no package cycles, every package {@code @NullMarked}.
 */
class RecorderArchitectureTests {

	private static final JavaClasses classes = ArchitectureRules.mainClasses("org.xrayspring.recorder");

	@Test
	void usesOnlyTheJdk() {
		ArchitectureRules.useOnlyTheJdkAnd("org.xrayspring.recorder..", "org.jspecify.annotations").check(classes);
	}

	@Test
	void hasNoPackageCycles() {
		ArchitectureRules.noPackageCycles("org.xrayspring.recorder").check(classes);
	}

	@Test
	void everyPackageIsNullMarked() {
		ArchitectureRules.everyPackageIsNullMarked().check(classes);
	}

}
