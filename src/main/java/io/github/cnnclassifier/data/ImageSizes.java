package io.github.cnnclassifier.data;

import io.github.cnnclassifier.tensor.InputFit;
import io.github.cnnclassifier.tensor.InputShape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The sizes of a set of image files, read from their headers on all cores
 * without decoding pixels: which size most of them have, and which are far
 * from a given size. A file whose header cannot be read is left out here
 * (reading the images skips it or stops, as on_bad_file says).
 */
public final class ImageSizes {

	/** Images decoded to find the most common channel count. */
	private static final int CHANNEL_SAMPLE = 25;

	private final List<LabelledImage> images;
	private final ImageFiles.Header[] headers;

	private ImageSizes(final List<LabelledImage> images, final ImageFiles.Header[] headers) {
		this.images = images;
		this.headers = headers;
	}

	/** Reads the header of every image. */
	public static ImageSizes read(final List<LabelledImage> images) {
		final ImageFiles.Header[] headers = new ImageFiles.Header[images.size()];
		IntStream.range(0, images.size()).parallel().forEach(i -> {
			try {
				headers[i] = ImageFiles.header(images.get(i).file());
			}
			catch (final DataException e) {
				// NB: left out; see the class comment.
			}
		});
		return new ImageSizes(List.copyOf(images), headers);
	}

	/**
	 * The height and width most images have (ties go to the size met first),
	 * and how many have it: {height, width, count}; null when no header was
	 * read (DICOM and FITS headers are not).
	 */
	public int[] mostCommon() {
		final Map<List<Integer>, Integer> votes = new LinkedHashMap<>();
		for (final ImageFiles.Header h : headers) {
			if (h != null) votes.merge(List.of(h.height(), h.width()), 1, Integer::sum);
		}
		final Map.Entry<List<Integer>, Integer> best = mostVoted(votes);
		return best == null ? null : new int[] { best.getKey().get(0), best.getKey().get(1),
			best.getValue() };
	}

	/**
	 * The images more than twice or less than half as high or as wide as
	 * {@code height} x {@code width}, each as "path (HxW)", in order.
	 */
	public List<String> farFrom(final int height, final int width) {
		final List<String> far = new ArrayList<>();
		for (int i = 0; i < headers.length; i++) {
			final ImageFiles.Header h = headers[i];
			if (h != null && (InputFit.far(h.height(), height) || InputFit.far(h.width(), width))) {
				far.add(images.get(i).file() + " (" + h.height() + "x" + h.width() + ")");
			}
		}
		return far;
	}

	/**
	 * {@link #channels(List)} of the images of this size (and those whose
	 * header is not read), so that no huge or odd image is decoded for it.
	 */
	public int channelsOfSize(final int height, final int width) {
		final List<LabelledImage> ofSize = new ArrayList<>();
		for (int i = 0; i < headers.length; i++) {
			final ImageFiles.Header h = headers[i];
			if (h == null || h.height() == height && h.width() == width) ofSize.add(images.get(i));
		}
		return channels(ofSize.isEmpty() ? images : ofSize);
	}

	/**
	 * The most common channel count (3 for RGB, the channels of a composite)
	 * among up to {@value #CHANNEL_SAMPLE} images spread evenly over
	 * {@code images}, so that no single image, first or not, decides it.
	 * NB: found by decoding: a grey JPEG stored as RGB opens as 8-bit.
	 *
	 * @throws DataException if none of the sampled images can be read
	 */
	public static int channels(final List<LabelledImage> images) {
		final Map<Integer, Integer> votes = new LinkedHashMap<>();
		final int step = Math.max(1, images.size() / CHANNEL_SAMPLE);
		DataException failure = null;
		for (int i = 0; i < images.size(); i += step) {
			try {
				votes.merge(shapeOf(images.get(i)).channels(), 1, Integer::sum);
			}
			catch (final DataException e) {
				failure = e;
			}
		}
		final Map.Entry<Integer, Integer> best = mostVoted(votes);
		if (best != null) return best.getKey();
		throw failure;
	}

	/** The shape of the first image that opens, for files whose headers are not read. */
	public static InputShape firstReadable(final List<LabelledImage> images) {
		DataException failure = null;
		for (final LabelledImage image : images) {
			try {
				return shapeOf(image);
			}
			catch (final DataException e) {
				failure = e;
			}
		}
		throw failure;
	}

	private static InputShape shapeOf(final LabelledImage image) {
		return DatasetReader.shapeOf(ImageFiles.open(image.file()));
	}

	private static <K> Map.Entry<K, Integer> mostVoted(final Map<K, Integer> votes) {
		Map.Entry<K, Integer> best = null;
		for (final Map.Entry<K, Integer> e : votes.entrySet()) {
			if (best == null || e.getValue() > best.getValue()) best = e;
		}
		return best;
	}
}
