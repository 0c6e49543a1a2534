package io.github.cnnclassifier.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.OvalRoi;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import java.awt.Rectangle;

import org.junit.jupiter.api.Test;

/** Objects from label images and ROIs, and their crops. */
class ObjectsTest {

	@Test
	void everyNonZeroLabelIsOneObjectPerPlaneAndTinyOnesAreSkippedAndCounted() {
		final ShortProcessor a = new ShortProcessor(20, 10);
		a.setRoi(new Rectangle(2, 2, 3, 2));
		a.setValue(7);
		a.fill();
		a.set(10, 5, 9); // one pixel: skipped
		final ShortProcessor b = new ShortProcessor(20, 10);
		b.setRoi(new Rectangle(0, 0, 4, 4));
		b.setValue(7);
		b.fill();
		final ImageStack labels = new ImageStack(20, 10);
		labels.addSlice(a);
		labels.addSlice(b);
		final ImageStack planes = new ImageStack(20, 10);
		planes.addSlice(new ShortProcessor(20, 10));
		planes.addSlice(new ShortProcessor(20, 10));
		final ImagePlus image = new ImagePlus("img", planes);
		final ObjectSet set = Objects.fromLabels(new ImagePlus("labels", labels), image);
		assertEquals(2, set.objects().size());
		assertEquals(1, set.skipped());
		final ImageObject first = set.objects().get(0);
		assertEquals("7", first.name());
		assertEquals(1, first.slice());
		assertEquals(6, first.area());
		assertEquals(3.5, first.x(), 1e-9);
		assertEquals(3.0, first.y(), 1e-9);
		assertEquals(2, set.objects().get(1).slice());
		assertTrue(set.describe().contains("1 skipped"), set.describe());
	}

	@Test
	void thirtyTwoBitLabelsAreReadAsNumbers() {
		final FloatProcessor l = new FloatProcessor(8, 8);
		l.setf(1, 1, 1000.0f);
		l.setf(2, 1, 1000.0f);
		final ObjectSet set = Objects.fromLabels(new ImagePlus("l", l), new ImagePlus("i",
			new ShortProcessor(8, 8)));
		assertEquals(1, set.objects().size());
		assertEquals("1000", set.objects().get(0).name());
	}

	@Test
	void aLabelImageOfAnotherSizeIsRefusedNamingBoth() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Objects.fromLabels(new ImagePlus("l.tif", new ShortProcessor(8, 8)),
				new ImagePlus("i.tif", new ShortProcessor(9, 8))));
		assertTrue(e.getMessage().startsWith("Label image \"l.tif\" is 8x8 pixels but image " +
			"\"i.tif\" is 9x8"), e.getMessage());
	}

	@Test
	void roisKeepNamesAndPointsAreSkipped() {
		final Roi oval = new OvalRoi(2, 2, 10, 10);
		oval.setName("cell A");
		final ObjectSet set = Objects.fromRois(new Roi[] { oval, new PointRoi(3, 3),
			new Roi(0, 0, 5, 5) }, new ImagePlus("i", new ShortProcessor(30, 30)));
		assertEquals(2, set.objects().size());
		assertEquals(1, set.skipped());
		assertEquals("cell A", set.objects().get(0).name());
		assertEquals("3", set.objects().get(1).name());
		assertEquals(7.0, set.objects().get(0).x(), 0.05);
		assertTrue(set.objects().get(0).area() < 100 && set.objects().get(0).area() > 70);
	}

	@Test
	void aBorderObjectIsCroppedWithItsEdgePixelsRepeatedNotSkipped() {
		final ShortProcessor ip = new ShortProcessor(10, 10);
		for (int y = 0; y < 10; y++) for (int x = 0; x < 10; x++) ip.set(x, y, 100 * y + x);
		final ImagePlus image = new ImagePlus("edge.tif", ip);
		final ObjectSet set = Objects.fromRois(new Roi[] { new Roi(-3, -3, 6, 6) }, image);
		assertEquals(1, set.objects().size());
		final ImageObject o = set.objects().get(0);
		assertEquals(9, o.area());
		final ImagePlus crop = new Crops(image, new CropGeometry(6, 0, false), false).crop(o);
		assertEquals(16, crop.getBitDepth());
		assertEquals(6, crop.getWidth());
		// NB: the centroid (1.5, 1.5) puts the crop at (-1, -1): row and column -1 repeat row and column 0.
		assertEquals(0, crop.getProcessor().get(0, 0));
		assertEquals(0, crop.getProcessor().get(1, 1));
		assertEquals(101, crop.getProcessor().get(2, 2));
		assertEquals("edge-1", crop.getTitle());
	}

	@Test
	void boundingBoxCropIsSquareWithPaddingAndMaskOutsideUsesTheBackground() {
		final ShortProcessor ip = new ShortProcessor(40, 40);
		ip.setValue(10);
		ip.fill();
		ip.setRoi(new Rectangle(10, 15, 8, 4));
		ip.setValue(500);
		ip.fill();
		ip.set(9, 15, 1000); // next to the object: masked
		final ImagePlus image = new ImagePlus("m", ip);
		final ImageObject o = Objects.fromRois(new Roi[] { new Roi(10, 15, 8, 4) }, image)
			.objects().get(0);
		final CropGeometry g = new CropGeometry(0, 2, true);
		assertEquals(new Rectangle(8, 11, 12, 12), g.square(o));
		final ImagePlus crop = new Crops(image, g, false).crop(o);
		assertEquals(500, crop.getProcessor().get(2, 4));
		final int background = (int) Math.round((1000 + 10 * (12 * 12 - 32 - 1)) / (12.0 * 12 - 32));
		assertEquals(background, crop.getProcessor().get(1, 4));
		assertEquals(background, crop.getProcessor().get(0, 0));
	}

	@Test
	void aCropOfAMultiChannelImageKeepsItsChannelsForAModelOfThatMany() {
		final ImageStack s = new ImageStack(16, 16);
		for (int i = 0; i < 4; i++) {
			final ShortProcessor p = new ShortProcessor(16, 16);
			p.setValue(1000 * (i + 1));
			p.fill();
			s.addSlice(p);
		}
		final ImagePlus image = new ImagePlus("two", s);
		image.setDimensions(2, 2, 1);
		final Roi roi = new Roi(4, 4, 6, 6);
		roi.setPosition(0, 2, 0);
		final ImageObject o = Objects.fromRois(new Roi[] { roi }, image).objects().get(0);
		assertEquals(3, o.slice());
		final ImagePlus crop = new Crops(image, new CropGeometry(8, 0, false), true).crop(o);
		assertEquals(2, crop.getNChannels());
		assertEquals(3000, crop.getStack().getProcessor(1).get(0, 0));
		assertEquals(4000, crop.getStack().getProcessor(2).get(0, 0));
	}
}
