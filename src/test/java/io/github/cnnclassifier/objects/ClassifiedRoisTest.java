package io.github.cnnclassifier.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.process.ByteProcessor;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Where the legend of an overlay goes: where it hides nothing, or the least. */
class ClassifiedRoisTest {

	private static final List<String> LABELS = List.of("round", "elongated");

	private static ImagePlus blank() {
		return new ImagePlus("blank", new ByteProcessor(300, 200));
	}

	/** The legend's band, which all its entries lie on. */
	private static Rectangle band(final ImagePlus image, final List<Roi> objects) {
		final List<Roi> legend = ClassifiedRois.legend(image, LABELS, objects);
		final Rectangle band = legend.get(0).getBounds();
		for (final Roi entry : legend.subList(1, legend.size())) {
			assertTrue(band.contains(entry.getBounds().getLocation()), entry.toString());
		}
		return band;
	}

	@Test
	void theLegendLeavesTheTopLeftObjectForTheFirstFreeCorner() {
		final ImagePlus image = blank();
		final Roi topLeft = new OvalRoi(2, 3, 30, 25);
		final Rectangle one = band(image, List.of(topLeft));
		assertEquals(new Rectangle(300 - one.width, 0, one.width, one.height), one, "top right");
		final Roi topRight = new OvalRoi(270, 4, 28, 20);
		final Rectangle two = band(image, List.of(topLeft, topRight));
		assertEquals(new Rectangle(0, 200 - two.height, two.width, two.height), two,
			"bottom left");
		assertEquals(new Rectangle(0, 0, one.width, one.height), band(image, List.of()),
			"top left when nothing is in the way");
	}

	/** Three bright objects in the corners and a faint one: the legend covers the faint one. */
	@Test
	void whenEveryCornerHasAnObjectTheLegendHidesTheLeastOfThePicture() {
		final Rectangle box = band(blank(), List.of());
		final ByteProcessor ip = new ByteProcessor(300, 200);
		final List<Roi> objects = new ArrayList<>();
		for (final int[] at : new int[][] { { 0, 0, 200 }, { 300 - box.width, 0, 200 }, { 0, 200 -
			box.height, 200 }, { 300 - box.width, 200 - box.height, 20 } })
		{
			final Roi roi = new Roi(at[0], at[1], box.width, box.height);
			ip.setValue(at[2]);
			ip.fill(roi);
			objects.add(roi);
		}
		final Rectangle band = band(new ImagePlus("corners", ip), objects);
		assertEquals(300, band.x + band.width, "right: " + band);
		assertEquals(200, band.y + band.height, "bottom: " + band);
	}

	/** As in the README's screenshot: no corner is free, but the margin above the objects is. */
	@Test
	void aFieldFullOfObjectsGetsTheLegendAsARowAboveThem() {
		final List<Roi> objects = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			for (int j = 0; j < 4; j++) objects.add(new Roi(10 + 50 * i, 20 + 45 * j, 40, 40));
		}
		final Rectangle band = band(blank(), objects);
		assertEquals(new Point(0, 0), band.getLocation(), "top left");
		assertTrue(band.height < 20 && band.width > band.height, "a row: " + band);
		assertTrue(objects.stream().noneMatch(o -> o.getBounds().intersects(band)), band
			.toString());
	}

	/** Classify Tiles draws no ROIs: the legend goes where the image shows nothing. */
	@Test
	void withoutObjectsTheLegendGoesWhereTheImageIsFlat() {
		final ByteProcessor ip = new ByteProcessor(300, 200);
		final Random random = new Random(1);
		for (int y = 0; y < 100; y++) {
			for (int x = 0; x < 300; x++) ip.set(x, y, random.nextInt(256));
		}
		final Rectangle band = band(new ImagePlus("top half textured", ip), List.of());
		assertEquals(new Rectangle(0, 200 - band.height, band.width, band.height), band);
	}
}
