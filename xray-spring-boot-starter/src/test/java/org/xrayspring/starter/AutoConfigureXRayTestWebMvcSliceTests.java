package org.xrayspring.starter;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import org.xrayspring.annotation.XRayCapture;
import org.xrayspring.test.InMemoryEmitter;
import org.xrayspring.test.autoconfigure.AutoConfigureXRayTest;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.xrayspring.test.assertj.XRayAssertions.assertThat;

/**
 * In a {@code @WebMvcTest} slice, which has none of the X-Ray auto-configurations by
 * itself, the annotation brings them: MockMvc's requests pass the servlet filter and
 * {@code @XRayCapture} methods are recorded.
 */
@WebMvcTest(properties = "spring.application.name=greetings")
@AutoConfigureXRayTest
class AutoConfigureXRayTestWebMvcSliceTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	InMemoryEmitter emitter;

	@Test
	void requestThroughMockMvcIsRecordedWithItsCapturedMethod() throws Exception {
		this.mvc.perform(get("/greeting"))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Amzn-Trace-Id", startsWith("Root=1-")));
		assertThat(this.emitter).hasTraceCount(1)
			.hasSegmentNamed("greetings")
			.hasHttpMethod("GET")
			.hasHttpStatus(200)
			.hasChildNamed("GreetingController.greeting");
	}

	@SpringBootConfiguration
	@Import(GreetingController.class)
	static class SliceApplication {

	}

	@RestController
	static class GreetingController {

		@GetMapping("/greeting")
		@XRayCapture
		public String greeting() {
			return "hello";
		}

	}

}
