package org.xrayspring.buildrules;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule against fixtures that break it on purpose (in
 * {@code org.xrayspring.buildrules.fixtures}): the rule reports exactly the offending
 * classes or packages, and nothing else.
 */
class ArchitectureRulesTests {

	private static final String FIXTURES = "org.xrayspring.buildrules.fixtures";

	@Test
	void autoConfigurationsThatAreNotPublicOrNotFinalAreReported() {
		List<String> violations = violations(ArchitectureRules.autoConfigurationsArePublicAndFinal(), "autoconfig");
		assertThat(violations).hasSize(2)
			.anySatisfy((violation) -> assertThat(violation).contains("NotFinalAutoConfiguration")
				.contains("does not have modifier FINAL"))
			.anySatisfy((violation) -> assertThat(violation).contains("NotPublicAutoConfiguration")
				.contains("does not have modifier PUBLIC"));
		assertThat(String.join("\n", violations)).doesNotContain("PublicFinalAutoConfiguration")
			.doesNotContain("NotAnAutoConfiguration");
	}

	@Test
	void aCycleBetweenPackagesIsReported() {
		List<String> violations = violations(ArchitectureRules.noPackageCycles(FIXTURES + ".cycle"), "cycle");
		assertThat(violations).singleElement()
			.satisfies((violation) -> assertThat(violation).contains("Cycle detected")
				.contains("A.b")
				.contains("B.a")
				.doesNotContain("C.a"));
	}

	@Test
	void packagesWithoutCyclesAreAccepted() {
		assertThat(violations(ArchitectureRules.noPackageCycles(FIXTURES + ".instrumentation"), "instrumentation"))
			.isEmpty();
	}

	@Test
	void aClassOutsideTheJdkIsReported() {
		List<String> violations = violations(
				ArchitectureRules.useOnlyTheJdkAnd(FIXTURES + ".jdkonly..", "org.jspecify.annotations"), "jdkonly");
		assertThat(violations).isNotEmpty()
			.allSatisfy((violation) -> assertThat(violation).contains("UsesSpring")
				.contains("org.springframework.util.StringUtils"));
	}

	@Test
	void theJdkIsTheJavaRuntimesExportedPackages() {
		JavaClasses jdk = new ClassFileImporter().importClasses(String.class, java.net.DatagramSocket.class,
				javax.net.ssl.SSLContext.class, long[].class);
		assertThat(jdk).allMatch(ArchitectureRules.inTheJdk());
		JavaClasses notJdk = new ClassFileImporter().importClasses(org.jspecify.annotations.Nullable.class,
				org.springframework.util.StringUtils.class, ArchitectureRules.class);
		assertThat(notJdk).noneMatch(ArchitectureRules.inTheJdk());
	}

	@Test
	void subPackagesThatUseEachOtherAreReportedAndSharedOnesAreNot() {
		ArchRule rule = ArchitectureRules.subPackagesAreIndependent(FIXTURES + ".instrumentation",
				resideInAPackage(FIXTURES + ".instrumentation.shared"));
		List<String> violations = violations(rule, "instrumentation");
		assertThat(violations).singleElement()
			.satisfies((violation) -> assertThat(violation).contains("First")
				.contains("Second")
				.doesNotContain("Third")
				.doesNotContain("Root"));
	}

	@Test
	void withoutTheSharedPackageItsUsersAreReportedToo() {
		ArchRule rule = ArchitectureRules.subPackagesAreIndependent(FIXTURES + ".instrumentation",
				resideInAPackage("nothing.shared"));
		String violations = String.join("\n", violations(rule, "instrumentation"));
		assertThat(violations).contains("Third").contains("Shared").doesNotContain("Root.");
	}

	@Test
	void useOfAForbiddenPackageIsReported() {
		List<String> violations = violations(
				ArchitectureRules.doNotUse(FIXTURES + ".console..", FIXTURES + ".recorder.."), "console", "recorder");
		assertThat(violations).isNotEmpty()
			.allSatisfy((violation) -> assertThat(violation).contains("UsesTheRecorder")
				.contains("RecorderThing")
				.doesNotContain("SelfContained"));
	}

	@Test
	void packagesWithoutANullMarkedPackageInfoAreReported() {
		List<String> violations = violations(ArchitectureRules.everyPackageIsNullMarked(), "nullmarked");
		assertThat(violations).containsExactlyInAnyOrder(
				"Package <" + FIXTURES + ".nullmarked.missing> has no package-info",
				"Package <" + FIXTURES + ".nullmarked.unmarked> is not annotated @NullMarked");
	}

	@Test
	void mainClassesLeaveTestClassesOut() {
		assertThat(ArchitectureRules.mainClasses("org.xrayspring.buildrules"))
			.anyMatch((javaClass) -> javaClass.isEquivalentTo(ArchitectureRules.class))
			.noneMatch((javaClass) -> javaClass.getPackageName().startsWith(FIXTURES))
			.noneMatch((javaClass) -> javaClass.getSimpleName().equals("ArchitectureRulesTests"));
	}

	private static List<String> violations(ArchRule rule, String... fixturePackages) {
		String[] packages = new String[fixturePackages.length];
		for (int i = 0; i < packages.length; i++) {
			packages[i] = FIXTURES + "." + fixturePackages[i];
		}
		return rule.evaluate(new ClassFileImporter().importPackages(packages)).getFailureReport().getDetails();
	}

}
