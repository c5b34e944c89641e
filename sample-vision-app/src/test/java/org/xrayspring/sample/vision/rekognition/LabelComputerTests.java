package org.xrayspring.sample.vision.rekognition;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LabelComputer}.
 */
class LabelComputerTests {

	@Test
	void blueAboveAndBelowIsSkyOverWater() {
		BufferedImage image = halves(new Color(90, 160, 235), new Color(30, 110, 200));
		assertThat(names(image)).contains("Sky", "Water", "Ocean", "Outdoors", "Nature").doesNotContain("Flower");
	}

	@Test
	void greenIsPlant() {
		BufferedImage image = halves(new Color(60, 170, 50), new Color(40, 150, 40));
		List<DetectedLabel> labels = LabelComputer.labels(image);
		assertThat(labels.get(0).confidence()).isGreaterThan(95);
		assertThat(names(image)).contains("Plant", "Grass", "Nature").doesNotContain("Sky", "Water");
	}

	@Test
	void vividWarmColoursWithoutSkyAreAFlower() {
		BufferedImage image = halves(new Color(240, 120, 20), new Color(230, 60, 30));
		assertThat(names(image)).contains("Flower", "Petal").doesNotContain("Sky", "Field");
	}

	@Test
	void warmColoursUnderASkyAreAField() {
		BufferedImage image = halves(new Color(100, 170, 240), new Color(220, 160, 40));
		assertThat(names(image)).contains("Field", "Sky").doesNotContain("Flower");
	}

	@Test
	void featurelessImageStillGetsLabels() {
		BufferedImage image = halves(new Color(128, 128, 128), new Color(128, 128, 128));
		assertThat(LabelComputer.labels(image)).isNotEmpty();
	}

	@Test
	void labelsAreSortedByConfidenceWithinRange() {
		Random random = new Random(42);
		for (int i = 0; i < 20; i++) {
			BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
			for (int y = 0; y < 30; y++) {
				for (int x = 0; x < 40; x++) {
					image.setRGB(x, y, random.nextInt(0x1000000));
				}
			}
			List<DetectedLabel> labels = LabelComputer.labels(image);
			assertThat(labels).isNotEmpty();
			assertThat(labels).extracting(DetectedLabel::confidence)
				.allSatisfy((confidence) -> assertThat(confidence).isBetween(50f, 100f))
				.isSortedAccordingTo((a, b) -> Float.compare(b, a));
			assertThat(labels).extracting(DetectedLabel::name).doesNotHaveDuplicates();
		}
	}

	@ParameterizedTest
	@CsvSource({ "Aqua.jpg, Water", "Dune.jpg, Sky", "FreshFlower.jpg, Flower", "Garden.jpg, Flower",
			"GreenMeadow.jpg, Grass", "LadyBird.jpg, Plant", "Storm.jpg, Cloud", "YellowFlower.jpg, Flower" })
	void bundledPhotosGetPlausibleLabelsDeterministically(String file, String expected) throws IOException {
		BufferedImage image = bundled(file);
		List<DetectedLabel> first = LabelComputer.labels(image);
		assertThat(first).extracting(DetectedLabel::name).contains(expected, "Nature");
		assertThat(LabelComputer.labels(bundled(file))).isEqualTo(first);
	}

	private static List<String> names(BufferedImage image) {
		return LabelComputer.labels(image).stream().map(DetectedLabel::name).toList();
	}

	static BufferedImage halves(Color top, Color bottom) {
		BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(top);
		graphics.fillRect(0, 0, 64, 24);
		graphics.setColor(bottom);
		graphics.fillRect(0, 24, 64, 24);
		graphics.dispose();
		return image;
	}

	static BufferedImage bundled(String file) throws IOException {
		try (InputStream input = LabelComputerTests.class.getResourceAsStream("/images/" + file)) {
			assertThat(input).as(file).isNotNull();
			return ImageIO.read(input);
		}
	}

}
