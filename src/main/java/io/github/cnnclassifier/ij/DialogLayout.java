package io.github.cnnclassifier.ij;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.scijava.module.ModuleItem;

/**
 * How a command's inputs appear in an ImageJ 1.x dialog: a plain label for
 * each (the macro key stays the input's name), and for the long training
 * dialogs the basic fields first, the rest grouped behind "Advanced...", as
 * MATLAB groups its trainingOptions.
 */
final class DialogLayout {

	/** Dialogs with more fields than this show only the basic ones first. */
	static final int SPLIT_ABOVE = 14;

	/** The fields of the first dialog of a split one. */
	private static final Set<String> BASIC = Set.of("data", "model", "base_model",
		"base_weights", "output_model", "layers", "freeze", "solver", "initial_learn_rate",
		"max_epochs", "mini_batch_size", "validation_folder");

	/** The advanced fields by group, in dialog order; others go last, under "Other". */
	private static final Map<String, List<String>> GROUPS = groups();

	private static final Map<String, String> LABELS = Map.ofEntries(
		Map.entry("data", "Folder of labelled images"),
		Map.entry("folder", "Folder of images"),
		Map.entry("model", "Model file"),
		Map.entry("base_model", "Base network"),
		Map.entry("base_weights", "Base weights (optional)"),
		Map.entry("download_weights", "Download missing ImageNet weights"),
		Map.entry("output_model", "New model file"),
		Map.entry("layers", "Network"),
		Map.entry("solver", "Solver"),
		Map.entry("initial_learn_rate", "Learning rate"),
		Map.entry("momentum", "Momentum"),
		Map.entry("max_epochs", "Epochs"),
		Map.entry("mini_batch_size", "Mini-batch size"),
		Map.entry("validation_folder", "Validation folder (optional)"),
		Map.entry("training_fraction", "Fraction for training"),
		Map.entry("validation_frequency", "Validate every (iterations)"),
		Map.entry("validation_patience", "Validation patience (0: off)"),
		Map.entry("group_by", "Keep groups on one side (folder or pattern)"),
		Map.entry("on_duplicate", "Copies of an image (keep or drop)"),
		Map.entry("shuffle", "Shuffle"),
		Map.entry("l2_regularization", "Weight decay (L2)"),
		Map.entry("seed", "Random seed"),
		Map.entry("on_bad_file", "Unreadable image"),
		Map.entry("input_height", "Input height (0: automatic)"),
		Map.entry("input_width", "Input width (0: automatic)"),
		Map.entry("input_channels", "Input channels (0: automatic)"),
		Map.entry("cache_mb", "Image cache in MB (0: automatic)"),
		Map.entry("checkpoint_folder", "Checkpoint folder (optional)"),
		Map.entry("resume_from", "Continue from model (optional)"),
		Map.entry("class_weights", "Class weights"),
		Map.entry("overwrite", "Replace a file of another kind"),
		Map.entry("augment_rotation", "Rotation in degrees (min,max)"),
		Map.entry("augment_x_reflection", "Reflect left-right"),
		Map.entry("augment_y_reflection", "Reflect up-down"),
		Map.entry("augment_translation", "Shift in pixels (min,max)"),
		Map.entry("augment_scale", "Scale factor (min,max)"),
		Map.entry("freeze", "Keep fixed up to layer"),
		Map.entry("unfreeze_after", "Train all layers after (epochs)"),
		Map.entry("unfreeze_learn_rate", "Learning rate for all layers"),
		Map.entry("head_learn_rate_factor", "New head's learning rate factor"),
		Map.entry("min_iterations", "Minimum iterations (mini-batches)"),
		Map.entry("normalization", "Normalization"),
		Map.entry("results", "Results CSV (optional)"),
		Map.entry("layer", "Layer"),
		Map.entry("montage", "Montage picture"),
		Map.entry("save_to", "Save to (optional)"),
		Map.entry("method", "Method"));

	private DialogLayout() {}

	private static Map<String, List<String>> groups() {
		final Map<String, List<String>> g = new LinkedHashMap<>();
		g.put("Data", List.of("training_fraction", "on_bad_file", "input_height", "input_width",
			"input_channels", "cache_mb", "class_weights", "normalization", "download_weights"));
		g.put("Solver", List.of("momentum", "l2_regularization", "shuffle", "seed",
			"unfreeze_after", "unfreeze_learn_rate", "head_learn_rate_factor", "min_iterations"));
		g.put("Validation", List.of("validation_frequency", "validation_patience", "group_by",
			"on_duplicate"));
		g.put("Augmentation", List.of("augment_rotation", "augment_x_reflection",
			"augment_y_reflection", "augment_translation", "augment_scale"));
		g.put("Files", List.of("checkpoint_folder", "resume_from", "overwrite"));
		return g;
	}

	/** The plain label of a field, e.g. "Weight decay (L2)" for l2_regularization. */
	static String label(final ModuleItem<?> item) {
		final String plain = LABELS.get(item.getName());
		// NB: Train takes 0 for a mini-batch chosen from the folder; Transfer does not.
		if (item.getName().equals("mini_batch_size") && item.getMinimumValue() != null && ((Number) item
			.getMinimumValue()).doubleValue() == 0) return plain + " (0: automatic)";
		if (plain != null) return plain;
		final String words = item.getName().replace('_', ' ');
		return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
	}

	/** Whether {@code fields} are too many for one dialog. */
	static boolean split(final List<ModuleItem<?>> fields) {
		return fields.size() > SPLIT_ABOVE;
	}

	/** The fields of the first dialog: all of them, or the basic ones of a split dialog. */
	static List<ModuleItem<?>> basic(final List<ModuleItem<?>> fields) {
		if (!split(fields)) return fields;
		return fields.stream().filter(i -> BASIC.contains(i.getName())).toList();
	}

	/** The other fields by group heading, in dialog order; empty unless split. */
	static Map<String, List<ModuleItem<?>>> advanced(final List<ModuleItem<?>> fields) {
		final Map<String, List<ModuleItem<?>>> groups = new LinkedHashMap<>();
		if (!split(fields)) return groups;
		final List<ModuleItem<?>> other = new ArrayList<>();
		for (final ModuleItem<?> item : fields) {
			if (BASIC.contains(item.getName())) continue;
			final String group = GROUPS.entrySet().stream().filter(e -> e.getValue().contains(item
				.getName())).map(Map.Entry::getKey).findFirst().orElse(null);
			if (group == null) other.add(item);
			else groups.computeIfAbsent(group, k -> new ArrayList<>()).add(item);
		}
		// NB: in GROUPS' order, whatever order the command declares its inputs in.
		final Map<String, List<ModuleItem<?>>> ordered = new LinkedHashMap<>();
		for (final String g : GROUPS.keySet()) if (groups.containsKey(g)) ordered.put(g, groups.get(g));
		if (!other.isEmpty()) ordered.put("Other", other);
		return ordered;
	}
}
