package org.xrayspring.benchmarks.e2e;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The measured endpoints.
 */
@RestController
final class BenchController {

	private final Backends backends;

	BenchController(Backends backends) {
		this.backends = backends;
	}

	@GetMapping("/hello")
	String hello() {
		return "Hello, World!";
	}

	@GetMapping("/sub10")
	String sub10() {
		return "steps " + this.backends.steps(10);
	}

	@GetMapping("/sub100")
	String sub100() {
		return "steps " + this.backends.steps(100);
	}

	@GetMapping("/work")
	String work() {
		String downstream = this.backends.callDownstream();
		String item = this.backends.queryDatabase(ThreadLocalRandom.current().nextInt(1, DatabaseSchema.ROWS + 1));
		return downstream + " " + item;
	}

}
