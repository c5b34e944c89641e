package org.xrayspring.test.autoconfigure;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

import org.xrayspring.test.InMemoryEmitter;

/**
 * Clears every {@link InMemoryEmitter} bean after each test method, so that a test whose
 * application context is cached and shared sees only its own traces. Registered for every
 * test through {@code spring.factories}; does nothing for a test whose context was not
 * loaded or holds no such emitter.
 */
public class InMemoryEmitterResetTestExecutionListener implements TestExecutionListener, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeansOfType(InMemoryEmitter.class, false, false).values().forEach(InMemoryEmitter::clear);
	}

}
