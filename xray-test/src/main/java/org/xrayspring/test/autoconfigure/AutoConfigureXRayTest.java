package org.xrayspring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Records the application's traces in an {@link org.xrayspring.test.InMemoryEmitter} bean
 * instead of sending them to a daemon, for a {@code @SpringBootTest} or a test slice such
 * as {@code @WebMvcTest} (which this annotation gives the X-Ray auto-configurations). The
 * emitter is cleared after each test method; assert with
 * {@link org.xrayspring.test.assertj.XRayAssertions}.
 *
 * @see XRayTestAutoConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("xray.test")
public @interface AutoConfigureXRayTest {

	/**
	 * Whether every trace is sampled, whatever the application's sampling settings say,
	 * so that each request of the test is recorded. A trace header saying
	 * {@code Sampled=0} still decides when {@code xray.sampling.trust-upstream} is on.
	 * @return whether every trace is sampled
	 */
	boolean sampleAll() default true;

}
