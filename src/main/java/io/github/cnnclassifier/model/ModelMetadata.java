package io.github.cnnclassifier.model;

import io.github.cnnclassifier.tensor.InputShape;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file says besides its weights: class labels in output order,
 * input size, normalisation, architecture, training options and history,
 * data fingerprint, library versions and date. Stored as
 * {@code cnn-classifier.json} inside the model zip. Immutable: each method
 * that names a value it sets returns a changed copy (NB: fields are not
 * final only because Gson fills them when a model file is read).
 */
public final class ModelMetadata {

	/** Value of {@code format}; tells our model files from other zips. */
	public static final String FORMAT = "cnn-classifier-model";
	/** Bumped when a field changes meaning. */
	public static final int FORMAT_VERSION = 1;

	// NB: not final: a final field with a constant initialiser is inlined by
	// javac, so validate() would never see what the file says.
	private String format = FORMAT;
	private int formatVersion = FORMAT_VERSION;
	private final List<String> labels;
	private final InputShape input;
	private final Normalization normalization;
	private final String architecture;
	private String layers;
	private List<String> layerNames = new ArrayList<>();
	private final long seed;
	private Map<String, Object> training = new LinkedHashMap<>();
	private List<EpochRecord> history = new ArrayList<>();
	private String stopped = "";
	private DataInfo data;
	private Map<String, String> versions = new LinkedHashMap<>();
	private String created = "";
	private TransferInfo transfer;
	private CalibrationInfo calibration;
	/** NB: transient: stored as the binary entry {@link TrainingHashes#ENTRY}, not in the JSON. */
	private transient TrainingHashes trainingHashes;
	private CropInfo crops;

	public ModelMetadata(final List<String> labels, final InputShape input,
		final Normalization normalization, final String architecture, final long seed)
	{
		this.labels = List.copyOf(labels);
		this.input = input;
		this.normalization = normalization;
		this.architecture = architecture;
		this.seed = seed;
	}

	/** A copy of {@code o}, for the methods that return a changed copy. */
	private ModelMetadata(final ModelMetadata o) {
		this(o.labels, o.input, o.normalization, o.architecture, o.seed);
		format = o.format;
		formatVersion = o.formatVersion;
		layers = o.layers;
		layerNames = o.layerNames;
		training = o.training;
		history = o.history;
		stopped = o.stopped;
		data = o.data;
		versions = o.versions;
		created = o.created;
		transfer = o.transfer;
		calibration = o.calibration;
		trainingHashes = o.trainingHashes;
		crops = o.crops;
	}

	/**
	 * This model with the record of a training run: its seed, options (by their
	 * user-facing names), history and end, with today's library versions and
	 * date. NB: a calibration is left out: it was fitted to the weights before.
	 */
	public ModelMetadata trained(final long seed, final Map<String, Object> options,
		final List<EpochRecord> epochs, final String how)
	{
		final ModelMetadata m = new ModelMetadata(labels, input, normalization, architecture, seed);
		m.layers = layers;
		m.layerNames = layerNames;
		m.data = data;
		m.transfer = transfer;
		m.training = new LinkedHashMap<>(options);
		m.history = new ArrayList<>(epochs);
		m.stopped = how;
		m.versions = new LinkedHashMap<>(Versions.all());
		m.created = OffsetDateTime.now().toString();
		return m;
	}

	/**
	 * Fails with a message naming {@code source} if this is not a complete model
	 * description. NB: Gson fills fields without running constructors, hence the null checks.
	 */
	void validate(final String source) {
		if (!FORMAT.equals(format) || labels == null || labels.size() < 2 ||
			input == null || normalization == null || architecture == null)
		{
			throw new ModelException(source + " is not a CNN Classifier model: its " +
				"cnn-classifier.json lacks labels, input or normalization.");
		}
		if (formatVersion > FORMAT_VERSION) {
			throw new ModelException(source + " was written by a newer CNN Classifier " +
				"(model format " + formatVersion + "); update the plugin to open it.");
		}
		if (labels.stream().anyMatch(l -> l == null || l.isEmpty()) || labels.stream()
			.distinct().count() != labels.size())
		{
			throw new ModelException(source + " is damaged: its class labels are empty or " +
				"repeated (" + labels + ").");
		}
		final long h = input.height(), w = input.width(), c = input.channels();
		if (h < 1 || w < 1 || c < 1 || h > MAX_SIDE || w > MAX_SIDE || c > MAX_CHANNELS ||
			h * w * c > MAX_VALUES)
		{
			throw new ModelException(source + " is damaged: its input size " + h + "x" + w + "x" +
				c + " (height x width x channels) is not one a network can take (at most " +
				MAX_SIDE + " pixels a side, " + MAX_CHANNELS + " channels).");
		}
		// NB: Gson fills fields without the constructors' checks.
		String why = normalization.problem((int) c);
		if (why == null && normalization.plane() != 0 && normalization.plane() != h * w) {
			why = "it was made for another input size";
		}
		if (why != null) {
			throw new ModelException(source + " is damaged: its normalisation (" + normalization
				.method() + ") is unusable: " + why + ". Train the model again.");
		}
	}

	/** Largest input side, channel count and value count a model file may declare. */
	static final int MAX_SIDE = 16384, MAX_CHANNELS = 1024, MAX_VALUES = 1 << 26;

	/** Class labels in the network's output order. */
	public List<String> labels() {
		return labels;
	}

	public InputShape input() {
		return input;
	}

	public Normalization normalization() {
		return normalization;
	}

	public String architecture() {
		return architecture;
	}

	/**
	 * The network as a layer spec (canonical); for models written before
	 * layer specs, the spec of their {@link #architecture()}; empty for
	 * networks that have none (imported ones).
	 */
	public String layers() {
		if (layers != null) return layers;
		return Architectures.names().contains(architecture) ? Architectures.spec(architecture)
			.toString() : "";
	}

	/** Names of the network's layers in order (the graph's vertices), as users address them. */
	public List<String> layerNames() {
		return layerNames == null ? List.of() : Collections.unmodifiableList(layerNames);
	}

	public ModelMetadata layers(final String spec, final List<String> names) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.layers = spec;
		copy.layerNames = new ArrayList<>(names);
		return copy;
	}

	public long seed() {
		return seed;
	}

	/** Training options by their user-facing names. */
	public Map<String, Object> training() {
		return training == null ? Map.of() : Collections.unmodifiableMap(training);
	}

	public ModelMetadata training(final Map<String, Object> options) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.training = new LinkedHashMap<>(options);
		return copy;
	}

	public List<EpochRecord> history() {
		return history == null ? List.of() : Collections.unmodifiableList(history);
	}

	public ModelMetadata history(final List<EpochRecord> epochs) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.history = new ArrayList<>(epochs);
		return copy;
	}

	/** How training ended: "completed", or what stopped it early. */
	public String stopped() {
		return stopped == null ? "" : stopped;
	}

	public ModelMetadata stopped(final String how) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.stopped = how;
		return copy;
	}

	/** Null for a model not trained from a folder. */
	public DataInfo data() {
		return data;
	}

	public ModelMetadata data(final DataInfo info) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.data = info;
		return copy;
	}

	public Map<String, String> versions() {
		return versions == null ? Map.of() : Collections.unmodifiableMap(versions);
	}

	/** Where a transferred model came from and how it was fine-tuned; null for a model trained from scratch. */
	public TransferInfo transfer() {
		return transfer;
	}

	public ModelMetadata transfer(final TransferInfo info) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.transfer = info;
		return copy;
	}

	/** ISO-8601 date and time the model was written. */
	public String created() {
		return created == null ? "" : created;
	}

	/** The temperature fitted on the validation images; null when there were none. */
	public CalibrationInfo calibration() {
		return calibration;
	}

	public ModelMetadata calibration(final CalibrationInfo info) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.calibration = info;
		return copy;
	}

	/** The hashes of the images the model trained on; null for a model written before they were kept. */
	public TrainingHashes trainingHashes() {
		return trainingHashes;
	}

	public ModelMetadata trainingHashes(final TrainingHashes hashes) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.trainingHashes = hashes;
		return copy;
	}

	/** How the training images were cut from objects; null unless they were exported ROIs. */
	public CropInfo crops() {
		return crops;
	}

	public ModelMetadata crops(final CropInfo info) {
		final ModelMetadata copy = new ModelMetadata(this);
		copy.crops = info;
		return copy;
	}
}
