package org.xrayspring.buildrules;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.jspecify.annotations.Nullable;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules every module's build enforces. Each method returns a rule for a
 * module's test to {@link ArchRule#check check} against that module's main classes
 * ({@link #mainClasses}). Annotations are named by class name, so that applying a rule
 * needs neither Spring nor JSpecify on the test class path.
 */
public final class ArchitectureRules {

	static final String AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.AutoConfiguration";

	static final String NULL_MARKED = "org.jspecify.annotations.NullMarked";

	private static final Set<String> JDK_PACKAGES = jdkPackages();

	private ArchitectureRules() {
	}

	/**
	 * Imports the main (non-test) classes of the given packages and their sub-packages.
	 * @param packages the packages
	 * @return the classes
	 */
	public static JavaClasses mainClasses(String... packages) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages(packages);
	}

	/**
	 * Auto-configurations are public (Boot's ordering and exclusions name them) and final
	 * (they are not an extension point: users replace beans, not auto-configurations), as
	 * in Spring Boot.
	 * @return the rule
	 */
	public static ArchRule autoConfigurationsArePublicAndFinal() {
		return classes().that()
			.areAnnotatedWith(AUTO_CONFIGURATION)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.as("auto-configurations are public and final");
	}

	/**
	 * No cycles between the packages under the given root: each package is its own slice.
	 * @param rootPackage the module's root package, for example
	 * {@code org.xrayspring.recorder}
	 * @return the rule
	 */
	public static ArchRule noPackageCycles(String rootPackage) {
		return slices().matching(rootPackage + ".(**)")
			.should()
			.beFreeOfCycles()
			.as("no cycles between the packages of " + rootPackage);
	}

	/**
	 * The classes use only the JDK (the packages the Java runtime's modules export) and
	 * the given packages.
	 * @param allowedPackages ArchUnit package identifiers, for example
	 * {@code org.xrayspring.recorder..}
	 * @return the rule
	 */
	public static ArchRule useOnlyTheJdkAnd(String... allowedPackages) {
		return classes().should()
			.onlyDependOnClassesThat(inTheJdk().or(resideInAnyPackage(allowedPackages)))
			.as("use only the JDK and " + String.join(", ", allowedPackages));
	}

	/**
	 * The sub-packages directly under a parent (the instrumentations under
	 * {@code org.xrayspring.autoconfigure}, for example) never use each other, so that
	 * each can be switched off, removed or renamed alone. They may all use the parent
	 * package itself and what {@code shared} accepts (kept to a short, explicit list).
	 * @param parentPackage the parent package
	 * @param shared the classes every sub-package may use
	 * @return the rule
	 */
	public static ArchRule subPackagesAreIndependent(String parentPackage,
			DescribedPredicate<? super JavaClass> shared) {
		return slices().matching(parentPackage + ".(*)..")
			.should()
			.notDependOnEachOther()
			.ignoreDependency(DescribedPredicate.alwaysTrue(), shared)
			.as("the packages under " + parentPackage + " never use each other, except " + shared.getDescription());
	}

	/**
	 * The classes in the given packages use no class of the other packages.
	 * @param packages ArchUnit package identifiers of the classes checked
	 * @param forbiddenPackages ArchUnit package identifiers they must not use
	 * @return the rule
	 */
	public static ArchRule doNotUse(String packages, String... forbiddenPackages) {
		return noClasses().that()
			.resideInAPackage(packages)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(forbiddenPackages)
			.as(packages + " use no class of " + String.join(", ", forbiddenPackages));
	}

	/**
	 * Every package that holds classes has a {@code package-info} annotated
	 * {@code @NullMarked}: types are non-null unless marked {@code @Nullable}, as in
	 * Spring Boot 4.
	 * @return the rule
	 */
	public static ArchRule everyPackageIsNullMarked() {
		return all(packages()).should(haveANullMarkedPackageInfo()).as("every package has a @NullMarked package-info");
	}

	static DescribedPredicate<JavaClass> inTheJdk() {
		return DescribedPredicate.describe("are in the JDK", (javaClass) -> {
			JavaClass type = javaClass.isArray() ? javaClass.getBaseComponentType() : javaClass;
			return type.isPrimitive() || JDK_PACKAGES.contains(type.getPackageName());
		});
	}

	private static Set<String> jdkPackages() {
		return ModuleFinder.ofSystem()
			.findAll()
			.stream()
			.flatMap((module) -> module.descriptor().exports().stream())
			.filter((exported) -> !exported.isQualified())
			.map(ModuleDescriptor.Exports::source)
			.collect(Collectors.toUnmodifiableSet());
	}

	private static AbstractClassesTransformer<JavaPackage> packages() {
		return new AbstractClassesTransformer<>("packages") {

			@Override
			public Iterable<JavaPackage> doTransform(JavaClasses classes) {
				Set<JavaPackage> packages = new LinkedHashSet<>();
				classes.forEach((javaClass) -> packages.add(javaClass.getPackage()));
				return packages;
			}

		};
	}

	private static ArchCondition<JavaPackage> haveANullMarkedPackageInfo() {
		return new ArchCondition<>("have a package-info annotated @NullMarked") {

			@Override
			public void check(JavaPackage javaPackage, ConditionEvents events) {
				if (javaPackage.tryGetPackageInfo().isEmpty()) {
					events.add(SimpleConditionEvent.violated(javaPackage,
							"Package <" + javaPackage.getName() + "> has no package-info"));
				}
				else if (!javaPackage.isAnnotatedWith(NULL_MARKED)) {
					events.add(SimpleConditionEvent.violated(javaPackage,
							"Package <" + javaPackage.getName() + "> is not annotated @NullMarked"));
				}
			}

		};
	}

}
