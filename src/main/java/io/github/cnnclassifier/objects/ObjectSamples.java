package io.github.cnnclassifier.objects;

import ij.ImagePlus;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.tensor.InputShape;
import io.github.cnnclassifier.tensor.SampleSource;

import java.util.List;

/**
 * The crops of objects fitted to a network's input (resized and channels
 * taken by the rules of {@link ImageSamples}), cut when read, so memory is
 * bounded by the mini-batch. One reader thread at a time.
 */
public final class ObjectSamples implements SampleSource {

	private final List<ImageObject> objects;
	private final Crops crops;
	private final InputShape shape;

	/**
	 * @throws IllegalArgumentException if the image's channels do not fit the model
	 */
	public ObjectSamples(final ImagePlus image, final List<ImageObject> objects,
		final CropGeometry geometry, final InputShape shape)
	{
		// NB: the image's own check names the image and what to do.
		new ImageSamples(image, shape);
		final int c = Math.max(1, image.getNChannels());
		this.crops = new Crops(image, geometry, c > 1 && c == shape.channels());
		this.objects = objects;
		this.shape = shape;
	}

	@Override
	public InputShape shape() {
		return shape;
	}

	@Override
	public int count() {
		return objects.size();
	}

	@Override
	public void fill(final int index, final float[] dest, final int offset) {
		new ImageSamples(crops.crop(objects.get(index)), shape).fill(0, dest, offset);
	}
}
