package org.xrayspring.sample.vision.images;

import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The random-image service the sample fetches from by default: {@code GET /images/random}
 * answers one of the bundled photos, {@code GET /images/{name}} a given one.
 *
 * @author xray-spring-boot
 */
@RestController
class ImageController {

	/**
	 * Header naming the image that was served.
	 */
	static final String NAME_HEADER = "X-Image-Name";

	private final ImageLibrary library;

	ImageController(ImageLibrary library) {
		this.library = library;
	}

	@GetMapping("/images/random")
	ResponseEntity<Resource> random() {
		return serve(this.library.random());
	}

	@GetMapping("/images/{name:.+\\.jpg}")
	ResponseEntity<Resource> named(@PathVariable String name) {
		return this.library.find(name).map(ImageController::serve).orElseGet(() -> ResponseEntity.notFound().build());
	}

	private static ResponseEntity<Resource> serve(Resource image) {
		return ResponseEntity.ok()
			.contentType(MediaType.IMAGE_JPEG)
			.cacheControl(CacheControl.noStore())
			.header(NAME_HEADER, image.getFilename())
			.body(image);
	}

}
