package org.xrayspring.sample.vision.rekognition;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Computes plausible Rekognition-style labels from an image's colours, deterministically:
 * the same pixels always give the same labels. It samples a grid of pixels, sorts each
 * into a colour class by hue, saturation, brightness and position (blue above is sky,
 * blue below is water, saturated warm colours are flowers or a sunset, ...), and turns
 * the share of each class into a label and a confidence. It is a stand-in for Rekognition
 * that works offline, not image recognition.
 *
 * @author xray-spring-boot
 */
public final class LabelComputer {

	private static final int GRID = 64;

	private LabelComputer() {
	}

	/**
	 * Compute the labels of an image, most confident first.
	 * @param image the image
	 * @return the labels, at least one
	 */
	public static List<DetectedLabel> labels(BufferedImage image) {
		Shares shares = Shares.of(image);
		List<DetectedLabel> labels = new ArrayList<>();
		// Each score is a share of the picture divided by a typical share of that class
		// in a photo of it.
		double plant = shares.green / 0.45;
		double sky = (shares.skyTop + 0.5 * shares.paleTop) / 0.35;
		double cloud = (shares.cloudTop + 0.6 * shares.paleTop) / 0.4;
		double water = shares.waterBottom / 0.3;
		double landscape = shares.duskBottom / 0.25;
		double vivid = shares.vividTop + shares.vividBottom;
		// Warm colours under a blue sky are a field of dry grass rather than petals.
		double field = (shares.skyTop > 0.15) ? (shares.vividBottom + shares.earth) / 0.3 : 0;
		double flower = (shares.skyTop > 0.15) ? 0 : vivid / 0.35;
		double sunset = (shares.vividTop > shares.vividBottom)
				? Math.min(shares.vividTop, shares.dark + shares.duskBottom) / 0.15 : 0;
		double storm = (shares.cloudTop > shares.skyTop) ? cloud : 0;
		add(labels, "Plant", Math.max(plant, field * 0.9));
		add(labels, "Vegetation", plant * 0.97);
		add(labels, "Grass", (shares.greenBottom >= shares.greenTop) ? shares.greenBottom / 0.3 : field * 0.95,
				"Plant");
		add(labels, "Leaf", shares.green / 0.9, "Plant");
		add(labels, "Field", field, "Outdoors");
		add(labels, "Sky", sky, "Outdoors");
		add(labels, "Water", water);
		add(labels, "Ocean", (shares.skyTop > 0.1) ? water * 0.97 : 0, "Water", "Outdoors");
		add(labels, "Flower", flower, "Plant");
		add(labels, "Petal", flower * 0.96, "Flower", "Plant");
		add(labels, "Sunset", sunset, "Sky", "Outdoors");
		add(labels, "Storm", storm, "Weather");
		add(labels, "Cloud", cloud * 0.95, "Sky", "Outdoors");
		add(labels, "Landscape", landscape, "Outdoors");
		add(labels, "Night", (shares.dark - 0.25) / 0.5);
		add(labels, "Texture", shares.grey / 0.6);
		add(labels, "Outdoors", max(sky, cloud, water, field, landscape) * 0.99);
		add(labels, "Nature", max(plant, flower, water, sky, field) * 1.02);
		if (labels.isEmpty()) {
			labels.add(label("Pattern", 0.5));
			labels.add(label("Art", 0.3));
		}
		labels.sort(Comparator.comparing(DetectedLabel::confidence).reversed().thenComparing(DetectedLabel::name));
		return labels;
	}

	private static double max(double... values) {
		double max = 0;
		for (double value : values) {
			max = Math.max(max, value);
		}
		return max;
	}

	private static void add(List<DetectedLabel> labels, String name, double score, String... parents) {
		if (score >= 0.25) {
			labels.add(label(name, score, parents));
		}
	}

	private static DetectedLabel label(String name, double score, String... parents) {
		// About 71% at the threshold (a quarter of the typical share), 94% at the typical
		// share, 99.9% at three
		// times it.
		double confidence = 50 + 49.9 * (1 - Math.exp(-2.2 * score));
		return new DetectedLabel(name, Math.round(confidence * 1000) / 1000f, List.of(parents));
	}

	/**
	 * Shares of the sampled pixels in each colour class.
	 */
	private static final class Shares {

		double green;

		double greenTop;

		double greenBottom;

		double skyTop;

		double cloudTop;

		double paleTop;

		double waterBottom;

		double duskBottom;

		double vividTop;

		double vividBottom;

		double earth;

		double grey;

		double dark;

		static Shares of(BufferedImage image) {
			Shares shares = new Shares();
			int width = image.getWidth();
			int height = image.getHeight();
			float[] hsb = new float[3];
			for (int gy = 0; gy < GRID; gy++) {
				int y = (int) ((gy + 0.5) * height / GRID);
				boolean top = gy < GRID / 2;
				for (int gx = 0; gx < GRID; gx++) {
					int x = (int) ((gx + 0.5) * width / GRID);
					int rgb = image.getRGB(x, y);
					Color.RGBtoHSB((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, hsb);
					shares.count(hsb[0] * 360, hsb[1], hsb[2], top);
				}
			}
			shares.scale(1.0 / (GRID * GRID));
			return shares;
		}

		private void count(float hue, float saturation, float brightness, boolean top) {
			if (brightness < 0.16f) {
				this.dark++;
			}
			else if (saturation < 0.16f) {
				this.grey++;
				if (top && brightness > 0.75f) {
					this.paleTop++;
				}
				else if (top && brightness < 0.6f) {
					this.cloudTop++;
				}
			}
			else if (hue >= 65 && hue < 165) {
				this.green++;
				if (top) {
					this.greenTop++;
				}
				else {
					this.greenBottom++;
				}
			}
			else if (hue >= 165 && hue < 255) {
				// Bright blue above is sky, dull blue above is cloud; below, bright blue
				// is water.
				if (top) {
					if (brightness >= 0.62f) {
						this.skyTop++;
					}
					else {
						this.cloudTop++;
					}
				}
				else if (brightness >= 0.55f) {
					this.waterBottom++;
				}
				else {
					this.duskBottom++;
				}
			}
			else if (hue < 65 || hue >= 300) {
				if (saturation > 0.55f && brightness > 0.45f) {
					if (top) {
						this.vividTop++;
					}
					else {
						this.vividBottom++;
					}
				}
				else if (hue >= 20 && hue < 55) {
					this.earth++;
				}
			}
		}

		private void scale(double factor) {
			this.green *= factor;
			this.greenTop *= factor;
			this.greenBottom *= factor;
			this.skyTop *= factor;
			this.cloudTop *= factor;
			this.paleTop *= factor;
			this.waterBottom *= factor;
			this.duskBottom *= factor;
			this.vividTop *= factor;
			this.vividBottom *= factor;
			this.earth *= factor;
			this.grey *= factor;
			this.dark *= factor;
		}

	}

}
