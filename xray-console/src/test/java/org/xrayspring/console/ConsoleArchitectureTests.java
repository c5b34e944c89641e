package org.xrayspring.console;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.xrayspring.buildrules.ArchitectureRules;

/**
 * The console's architecture: it shares no code with the recorder or the starter (it
 * reads what any X-Ray SDK sends), its auto-configurations follow Boot's shape, no
 * package cycles, every package {@code @NullMarked}.
 */
class ConsoleArchitectureTests {

	private static final JavaClasses classes = ArchitectureRules.mainClasses("org.xrayspring.console");

	@Test
	void usesNoClassOfTheRecorderOrTheStarter() {
		ArchitectureRules
			.doNotUse("org.xrayspring.console..", "org.xrayspring.recorder..", "org.xrayspring.autoconfigure..",
					"org.xrayspring.annotation..")
			.check(classes);
	}

	@Test
	void autoConfigurationsArePublicAndFinal() {
		ArchitectureRules.autoConfigurationsArePublicAndFinal().check(classes);
	}

	@Test
	void hasNoPackageCycles() {
		ArchitectureRules.noPackageCycles("org.xrayspring.console").check(classes);
	}

	@Test
	void everyPackageIsNullMarked() {
		ArchitectureRules.everyPackageIsNullMarked().check(classes);
	}

}
