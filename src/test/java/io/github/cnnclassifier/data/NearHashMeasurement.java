package io.github.cnnclassifier.data;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures {@link ImageHash#near} distances on real folders (not run by the
 * build): between each image and its one-pixel shift, JPEG re-encoding and
 * brightness change, and between distinct images, to choose {@link ImageHash#NEAR_BITS}.
 * Run: java -cp ... NearHashMeasurement FOLDER...
 */
public final class NearHashMeasurement {

	public static void main(final String[] args) throws Exception {
		if (args[0].equals("cost")) {
			cost(Path.of(args[1]), Integer.parseInt(args[2]));
			return;
		}
		for (final String arg : args) {
			final List<LabelledImage> images = LabelledFolder.scan(Path.of(arg)).images();
			final int n = Math.min(images.size(), 2000);
			final int[][] hist = new int[4][65];
			final long[] hashes = new long[n];
			final Path tmp = Files.createTempFile("near", ".jpg");
			for (int i = 0; i < n; i++) {
				final ImagePlus imp = ImageFiles.open(images.get(images.size() * i / n).file());
				final ImageProcessor ip = imp.getProcessor();
				hashes[i] = ImageHash.near(ip);
				final ImageProcessor shifted = ip.duplicate();
				shifted.translate(1, 0);
				hist[0][Long.bitCount(hashes[i] ^ ImageHash.near(shifted))]++;
				new FileSaver(imp).saveAsJpeg(tmp.toString());
				hist[1][Long.bitCount(hashes[i] ^ ImageHash.near(ImageFiles.open(tmp)
					.getProcessor()))]++;
				final ImageProcessor brighter = ip.duplicate();
				brighter.multiply(1.2);
				brighter.add(20);
				hist[2][Long.bitCount(hashes[i] ^ ImageHash.near(brighter))]++;
			}
			for (int a = 0; a < n; a++) {
				for (int b = a + 1; b < n; b++) hist[3][Long.bitCount(hashes[a] ^ hashes[b])]++;
			}
			System.out.println(arg + " (" + n + " images)");
			final String[] names = { "shift 1 px", "JPEG q75", "brightness x1.2+20", "distinct pairs" };
			for (int k = 0; k < 4; k++) {
				final long total = Arrays.stream(hist[k]).asLongStream().sum();
				final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-20s", names[k]));
				long cum = 0;
				for (int t = 0; t <= 16; t++) {
					cum += hist[k][t];
					line.append(String.format(Locale.ROOT, " <=%d:%.4f", t, cum / (double) total));
				}
				System.out.println(line);
			}
		}
	}

	/** Times {@link Duplicates#find} on the folder's images listed {@code times} times over. */
	private static void cost(final Path folder, final int times) {
		final List<LabelledImage> images = LabelledFolder.scan(folder).images();
		final List<LabelledImage> all = new java.util.ArrayList<>();
		for (int k = 0; k < times; k++) all.addAll(images);
		final DataSplit split = DataSplit.splitEachLabel(all, 0.75, 1);
		final long start = System.nanoTime();
		final Duplicates.Report r = Duplicates.find(split, i -> folder.relativize(i.file())
			.toString()).report();
		System.out.printf(Locale.ROOT, "%d images: %.1f s, exact %d, near %d, across %d, %d cores%n",
			all.size(), (System.nanoTime() - start) / 1e9, r.exact(), r.near(), r.acrossSplit(),
			Runtime.getRuntime().availableProcessors());
	}
}
