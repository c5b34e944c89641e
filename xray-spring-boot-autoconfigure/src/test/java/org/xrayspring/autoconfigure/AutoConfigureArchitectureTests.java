package org.xrayspring.autoconfigure;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.xrayspring.autoconfigure.async.EntityContextKey;
import org.xrayspring.autoconfigure.lambda.LambdaTraceHeaderSource;
import org.xrayspring.autoconfigure.messaging.XRayMessagingObservationHandler;
import org.xrayspring.buildrules.ArchitectureRules;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;

/**
 * The starter's architecture: auto-configurations public and final, instrumentations that
 * never use each other, no package cycles, every package {@code @NullMarked}.
 */
class AutoConfigureArchitectureTests {

	private static final JavaClasses classes = ArchitectureRules.mainClasses("org.xrayspring.autoconfigure",
			"org.xrayspring.annotation");

	/**
	 * What every instrumentation may use besides {@code org.xrayspring.autoconfigure}
	 * itself (the properties and the core auto-configuration). Named through classes, so
	 * that package renames carry over.
	 */
	private static final DescribedPredicate<JavaClass> shared = DescribedPredicate.or(
			// where the current Lambda invocation's trace header is read: the
			// environment, not an instrumentation
			resideInAPackage(LambdaTraceHeaderSource.class.getPackageName()),
			// the key under which the current entity travels in Reactor's Context: the
			// async instrumentation writes
			// it, the WebClient filter reads it
			equivalentTo(EntityContextKey.class),
			// what the messaging instrumentations (AMQP, Kafka, JMS) share: the
			// observation
			// handler of sending and receiving messages
			resideInAPackage(XRayMessagingObservationHandler.class.getPackageName()));

	@Test
	void autoConfigurationsArePublicAndFinal() {
		ArchitectureRules.autoConfigurationsArePublicAndFinal().check(classes);
	}

	@Test
	void instrumentationsNeverUseEachOther() {
		ArchitectureRules.subPackagesAreIndependent("org.xrayspring.autoconfigure", shared).check(classes);
	}

	@Test
	void hasNoPackageCycles() {
		ArchitectureRules.noPackageCycles("org.xrayspring").check(classes);
	}

	@Test
	void everyPackageIsNullMarked() {
		ArchitectureRules.everyPackageIsNullMarked().check(classes);
	}

}
