package io.github.cnnclassifier.ij;

import ij.IJ;
import ij.ImagePlus;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.output.Outputs;
import io.github.cnnclassifier.output.SafeFiles;
import io.github.cnnclassifier.inspect.FeatureMaps;
import io.github.cnnclassifier.inspect.Filters;
import io.github.cnnclassifier.inspect.NetworkSummary;
import io.github.cnnclassifier.inspect.Saliency;
import io.github.cnnclassifier.model.ModelBundle;
import io.github.cnnclassifier.model.Nd4jBackend;
import io.github.cnnclassifier.predict.LoadedModel;
import io.github.cnnclassifier.predict.ModelService;
import io.github.cnnclassifier.tensor.ImageSamples;
import io.github.cnnclassifier.interop.ModelRef;

import java.nio.file.Path;
import java.util.Locale;

import org.scijava.log.LogService;

/**
 * The inspecting commands in ImageJ (CNN Network Summary, Show CNN Filters,
 * Feature Maps and Saliency): each checks its outputs, borrows the model,
 * makes its table or picture, saves what was asked for and logs a line.
 *
 * @param models where models are borrowed from
 * @param log where the line goes
 * @param model the model file, with a bare ONNX file's labels and normalisation
 * @param out the optional file to write (a CSV for the summary, else a TIFF or PNG), or null
 * @param overwrite whether a file of another kind at {@code out} may be replaced
 */
public record ModelInspections(ModelService models, LogService log, ModelRef model, Path out,
	boolean overwrite)
{

	/** NB: every inspection builds the DL4J network: ND4J starts while the model file is read. */
	public ModelInspections {
		Nd4jBackend.loadInBackground();
	}

	/** What a network summary CSV holds: the summary's columns. */
	private static final OutputFile.Kind SUMMARY = OutputFile.Kind.csvWithColumns(
		"network summary", "a network summary (a CSV with Name and Learnables columns)", "Name",
		"Learnables");

	/** A network summary: its table's CSV and the picture of the layer graph. */
	public record Summary(String csv, ImagePlus graph) {}

	/** The network summary in the Results table, with {@code picture} (PNG) of the layer graph, or null. */
	public Summary summary(final Path picture) {
		Outputs.of(overwrite).file("save_to", out, SUMMARY).file("picture", picture,
			p -> Pictures.kind(p, "layer graph")).input("model", model.file()).check();
		final ModelBundle bundle;
		final NetworkSummary summary;
		try (LoadedModel loaded = models.borrow(model)) {
			bundle = loaded.model();
			summary = NetworkSummary.of(bundle);
		}
		final String name = OutputFile.withoutZip(model.file());
		final ImagePlus graph = LayerGraph.of(summary, String.format(Locale.ROOT, "%s: %s " +
			"input, %d classes, %,d learnables", name, bundle.inputShape(), bundle.labels()
				.size(), summary.totalLearnables()));
		InspectionTables.publish(t -> InspectionTables.fill(t, summary), InspectionTables.SUMMARY,
			1250, 420);
		if (out != null) SafeFiles.writeText(out, "network summary", summary.csv());
		if (picture != null) Pictures.save(graph, picture, "layer graph");
		LogWindow.info(log, String.format(Locale.ROOT, "%s: %d layers, %,d learnables%s", name,
			summary.rows().size() - 1, summary.totalLearnables(), out == null ? ""
				: "; table in " + out));
		return new Summary(summary.csv(), graph);
	}

	/** The filters of a convolution {@code layer}: a picture if {@code montage}, else a stack. */
	public ImagePlus filters(final String layer, final boolean montage) {
		Outputs.of(overwrite).file("save_to", out, p -> Pictures.kind(p, "filters")).input(
			"model", model.file()).check();
		final Filters f;
		try (LoadedModel loaded = models.borrow(model)) {
			f = Filters.of(loaded.model(), layer);
		}
		final ImagePlus filters = montage ? FilterImages.montage(f) : FilterImages.stack(f);
		if (out != null) Pictures.save(filters, out, "filters");
		LogWindow.info(log, String.format("%s: %d filters of %dx%dx%d%s", f.layer(), f.filters(),
			f.height(), f.width(), f.channels(), out == null ? "" : "; saved to " + out));
		return filters;
	}

	/** The feature maps of {@code layer} for each plane of {@code image}. */
	public ImagePlus featureMaps(final ImagePlus image, final String layer,
		final boolean montage)
	{
		Outputs.of(overwrite).file("save_to", out, p -> Pictures.kind(p, "feature maps")).input(
			"model", model.file()).input("image", Pictures.fileOf(image)).check();
		final ImageSamples samples;
		final FeatureMaps maps;
		try (LoadedModel loaded = models.borrow(model)) {
			samples = ImageSamples.ofChosenImage(image, loaded.model().inputShape(), w ->
				LogWindow.warn(log, w));
			maps = FeatureMaps.of(loaded.model(), layer, samples);
		}
		final String[] labels = new String[samples.count()];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = image.getStack().getShortSliceLabel(samples.planes(i)[0]);
		}
		final ImagePlus featureMaps = montage ? FeatureMapImages.montage(maps, image.getTitle(),
			labels) : FeatureMapImages.stack(maps, maps.layer() + " of " + image.getTitle(),
				labels);
		if (out != null) Pictures.save(featureMaps, out, "feature maps");
		LogWindow.info(log, String.format("%s of %s: %d maps of %dx%d for %d plane%s%s", maps
			.layer(), image.getTitle(), maps.channels(), maps.height(), maps.width(), maps
				.samples(), maps.samples() == 1 ? "" : "s", out == null ? "" : "; saved to " + out));
		return featureMaps;
	}

	/** The saliency heat maps of each plane of {@code image} by {@code method}, over it in its window. */
	public ImagePlus saliency(final ImagePlus image, final String method, final String layer) {
		Outputs.of(overwrite).file("save_to", out, p -> Pictures.kind(p, "saliency maps")).input(
			"model", model.file()).input("image", Pictures.fileOf(image)).check();
		final ImageSamples samples;
		final Saliency s;
		final ImagePlus saliency;
		try (LoadedModel loaded = models.borrow(model)) {
			samples = ImageSamples.ofChosenImage(image, loaded.model().inputShape(), w ->
				LogWindow.warn(log, w));
			if (out != null && Pictures.isPng(out) && samples.count() > 1) {
				throw new IllegalArgumentException("A PNG holds one picture, but " + image
					.getTitle() + " has " + samples.count() + " planes: give save_to a .tif name for " +
					"the heat maps.");
			}
			s = Saliency.of(loaded.model(), samples, method, layer, done -> IJ.showProgress(done,
				samples.count()));
			saliency = SaliencyImages.stack(s, image, loaded.model().labels());
		}
		if (image.getWindow() != null) {
			image.setOverlay(SaliencyImages.overlay(saliency, image, samples));
		}
		if (out != null) {
			Pictures.save(Pictures.isPng(out) ? new ImagePlus(saliency.getTitle(), SaliencyImages
				.picture(saliency, image, samples, 0)) : saliency, out, "saliency maps");
		}
		LogWindow.info(log, String.format("%s of %s%s: %d plane%s; first: %s%s", s.method(), image
			.getTitle(), s.layer().isEmpty() ? "" : " at " + s.layer(), s.samples(), s
				.samples() == 1 ? "" : "s", saliency.getStack().getSliceLabel(1), out == null ? ""
					: "; saved to " + out));
		return saliency;
	}
}
