package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.github.cnnclassifier.output.OutputFile;
import io.github.cnnclassifier.train.TrainingProgress;

import ij.gui.ImageWindow;

import java.awt.Button;
import java.awt.Color;
import java.awt.Container;
import java.awt.EventQueue;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Panel;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * MATLAB's training-progress plot as an ImageJ picture: accuracy (top) and
 * loss (bottom) per iteration, raw and smoothed, with the validation points
 * and the epochs marked. Live in a window while training in the GUI, with the
 * time left and a Stop button; saved as a PNG at the end, its title saying
 * how training ended.
 */
public final class TrainingPlot {

	/** Redraws at most this often while training, so the plot costs training nothing. */
	private static final long REDRAW_NANOS = 400_000_000L;
	private static final Color RAW_ACCURACY = new Color(150, 195, 235),
		ACCURACY = new Color(0, 114, 189), RAW_LOSS = new Color(245, 180, 150),
		LOSS = new Color(217, 83, 25);

	private final String title;
	private final boolean live;
	private final Series iterations = new Series(), losses = new Series(),
		accuracies = new Series();
	private final Series validationAt = new Series(), validationLosses = new Series(),
		validationAccuracies = new Series();
	private final Series epochEnds = new Series();
	private TrainingProgress last;
	private ImagePlus window;
	private Button stop;
	private volatile boolean stopPressed;
	private String outcome;
	private long drawn;

	/** @param live whether to show and update a window while training (the GUI) */
	public TrainingPlot(final String title, final boolean live) {
		this.title = title;
		this.live = live;
	}

	/** Adds an iteration's loss and accuracy. */
	public synchronized void iteration(final TrainingProgress p) {
		if (last != null && p.epoch() != last.epoch()) epochEnds.add(last.iteration());
		iterations.add(p.iteration());
		losses.add(p.loss());
		accuracies.add(100 * p.accuracy());
		last = p;
		if (live && System.nanoTime() - drawn > REDRAW_NANOS) redraw();
	}

	/** Adds a validation point (validation loss and accuracy at the current iteration). */
	public synchronized void validation(final TrainingProgress p) {
		last = p;
		if (Double.isNaN(p.validationLoss())) return;
		validationAt.add(p.iteration());
		validationLosses.add(p.validationLoss());
		validationAccuracies.add(100 * p.validationAccuracy());
		if (live) redraw();
	}

	/** Whether the window's Stop button was pressed. */
	public boolean stopPressed() {
		return stopPressed;
	}

	/**
	 * Ends the live plot: the Stop button goes, and the title says how
	 * training ended.
	 *
	 * @param outcome e.g. "stopped by the user at epoch 2, iteration 35"; null: completed
	 */
	public synchronized void finish(final String outcome) {
		this.outcome = outcome;
		if (stop != null) {
			final Container buttons = stop.getParent();
			final ImageWindow w = window.getWindow();
			EventQueue.invokeLater(() -> {
				if (w != null && buttons != null) {
					w.remove(buttons);
					w.pack();
				}
			});
		}
		if (live && window != null) redraw();
	}

	/** The title line of the picture: what is trained and, once finished, how it ended. */
	synchronized String heading() {
		return outcome == null ? title : title + " — " + outcome;
	}

	/** The picture of what was recorded so far. */
	public synchronized ColorProcessor picture() {
		final int maxX = last == null ? 1 : last.maxIterations();
		final ImageProcessor accuracy = panel("Accuracy (%)", accuracies, RAW_ACCURACY, ACCURACY,
			validationAccuracies, maxX, 0, 100, Plot.BOTTOM_RIGHT).getProcessor();
		double maxLoss = 0.5;
		for (final double v : losses.values()) if (Double.isFinite(v)) maxLoss = Math.max(maxLoss, v);
		for (final double v : validationLosses.values()) {
			if (Double.isFinite(v)) maxLoss = Math.max(maxLoss, v);
		}
		final ImageProcessor loss = panel("Loss", losses, RAW_LOSS, LOSS, validationLosses, maxX,
			0, maxLoss * 1.05, Plot.TOP_RIGHT).getProcessor();
		final int header = 34;
		final BufferedImage img = new BufferedImage(Math.max(accuracy.getWidth(), loss.getWidth()),
			header + accuracy.getHeight() + loss.getHeight(), BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = img.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
			RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, img.getWidth(), img.getHeight());
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		if (outcome != null) g.setColor(new Color(190, 30, 30));
		g.drawString(heading(), 12, 16);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString(status(), 12, 30);
		g.drawImage(accuracy.createImage(), 0, header, null);
		g.drawImage(loss.createImage(), 0, header + accuracy.getHeight(), null);
		g.dispose();
		return new ColorProcessor(img);
	}

	/** Writes the picture as a PNG (through a temporary file). */
	public void save(final Path png) {
		Pictures.save(new ImagePlus(title, picture()), png, "training progress plot");
	}

	/** Where the plot of a model goes: {@code <model name>-progress.png} beside it. */
	public static Path fileFor(final Path model) {
		final String name = OutputFile.withoutZip(model);
		return model.toAbsolutePath().resolveSibling(name + "-progress.png");
	}

	private void redraw() {
		drawn = System.nanoTime();
		final ColorProcessor cp = picture();
		if (window == null) {
			window = Pictures.mark(new ImagePlus("Training Progress", cp), "a training plot");
			window.show();
			addStopButton();
		}
		else {
			window.setProcessor(cp);
			window.updateAndDraw();
		}
	}

	/** NB: ImageJ's Esc works only while an ImageJ window has the focus; the button always does. */
	private void addStopButton() {
		final ImageWindow w = window.getWindow();
		if (w == null || outcome != null) return;
		stop = new Button("Stop");
		stop.addActionListener(e -> {
			stopPressed = true;
			stop.setEnabled(false);
		});
		final Panel buttons = new Panel(new FlowLayout(FlowLayout.RIGHT));
		buttons.add(stop);
		EventQueue.invokeLater(() -> {
			w.add(buttons);
			w.pack();
		});
	}

	private Plot panel(final String y, final Series series, final Color rawColour,
		final Color colour, final Series validationSeries, final int maxX, final double min,
		final double max, final int legend)
	{
		final double[] raw = series.values(), at = iterations.values();
		final Plot plot = new Plot(y, "Iteration", y);
		plot.setSize(640, 250);
		plot.setLimits(0, Math.max(1, maxX), min, max);
		plot.setFont(Font.PLAIN, 12);
		plot.setAxisLabelFont(Font.PLAIN, 13);
		plot.setColor(Color.LIGHT_GRAY);
		for (final double e : epochEnds.values()) plot.drawDottedLine(e, min, e, max, 3);
		plot.setLineWidth(1);
		plot.setColor(rawColour);
		plot.add("line", finite(at, raw), finite(raw, raw));
		plot.setLineWidth(2);
		plot.setColor(colour);
		plot.add("line", finite(at, raw), smooth(finite(raw, raw)));
		if (validationSeries.size > 0) {
			plot.setColor(Color.BLACK, Color.BLACK);
			plot.setLineWidth(1);
			plot.add("connected circle", validationAt.values(), validationSeries.values());
		}
		plot.setLegend("Training\tTraining (smoothed)\tValidation", legend |
			Plot.LEGEND_TRANSPARENT);
		return plot;
	}

	private String status() {
		if (last == null) return "Starting";
		String s = String.format(Locale.ROOT, "Epoch %d of %d   Iteration %d of %d   Elapsed %s",
			last.epoch(), last.maxEpochs(), last.iteration(), last.maxIterations(), clock(last
				.elapsedSeconds()));
		if (outcome == null && last.iteration() < last.maxIterations()) s += "   Time left " +
			(Double.isNaN(last.remainingSeconds()) ? "-" : clock(last.remainingSeconds()));
		if (validationAccuracies.size > 0) s += String.format(Locale.ROOT,
			"   Validation accuracy %.2f %%", validationAccuracies.values()[validationAccuracies.size -
				1]);
		return s;
	}

	private static String clock(final double seconds) {
		final long s = Math.round(seconds);
		return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
	}

	/** The values of {@code v} where {@code y} is finite (iterations whose accuracy was measured). */
	private static double[] finite(final double[] v, final double[] y) {
		return java.util.stream.IntStream.range(0, y.length).filter(i -> Double.isFinite(y[i]))
			.mapToDouble(i -> v[i]).toArray();
	}

	/** A running mean over about a thirtieth of the points (at least 5), as MATLAB smooths its curves. */
	static double[] smooth(final double[] v) {
		final int half = Math.max(2, v.length / 60);
		final double[] s = new double[v.length];
		for (int i = 0; i < v.length; i++) {
			double sum = 0;
			int n = 0;
			for (int j = Math.max(0, i - half); j <= Math.min(v.length - 1, i + half); j++) {
				sum += v[j];
				n++;
			}
			s[i] = sum / n;
		}
		return s;
	}

	/** A growing list of numbers. */
	private static final class Series {

		private double[] data = new double[64];
		private int size;

		void add(final double v) {
			if (size == data.length) data = Arrays.copyOf(data, 2 * size);
			data[size++] = v;
		}

		double[] values() {
			return Arrays.copyOf(data, size);
		}
	}
}
