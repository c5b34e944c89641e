package org.xrayspring.sample.vision.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The freely licensed photos bundled under {@code classpath:images/} (see the NOTICE
 * there).
 *
 * @author xray-spring-boot
 */
@Component
public class ImageLibrary {

	private final List<Resource> images;

	private final AtomicInteger last = new AtomicInteger(-1);

	ImageLibrary() {
		try {
			Resource[] found = new PathMatchingResourcePatternResolver().getResources("classpath*:images/*.jpg");
			this.images = Arrays.stream(found).sorted(Comparator.comparing(Resource::getFilename)).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (this.images.size() < 2) {
			throw new IllegalStateException("Expected bundled images under classpath:images/");
		}
	}

	/**
	 * Return the names of the bundled images.
	 * @return the names, for example {@code Dune.jpg}
	 */
	public List<String> names() {
		return this.images.stream().map(Resource::getFilename).toList();
	}

	/**
	 * Pick a random image, never the one picked just before (two cards side by side
	 * should differ).
	 * @return the image
	 */
	public Resource random() {
		int previous = this.last.get();
		int index = ThreadLocalRandom.current().nextInt(this.images.size() - 1);
		if (index >= previous && previous >= 0) {
			index++;
		}
		this.last.set(index);
		return this.images.get(index);
	}

	/**
	 * Find a bundled image by name.
	 * @param name the file name
	 * @return the image, if there is one of that name
	 */
	public Optional<Resource> find(String name) {
		return this.images.stream().filter((image) -> image.getFilename().equals(name)).findFirst();
	}

}
