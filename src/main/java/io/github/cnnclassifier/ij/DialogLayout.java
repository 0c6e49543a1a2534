package io.github.cnnclassifier.ij;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.module.ModuleItem;

/**
 * How a command's inputs appear in an ImageJ 1.x dialog: the plain label each
 * declares (the macro key stays the input's name), and for the long training
 * dialogs the basic fields first, the rest grouped behind "Advanced...", as
 * MATLAB groups its trainingOptions.
 */
public final class DialogLayout {

	/** Dialogs with more fields than this show only the basic ones first. */
	static final int SPLIT_ABOVE = 14;

	/** The fields of the first dialog of a split one, in dialog order. */
	private static final List<String> BASIC = List.of("data", "model", "base_model",
		"output_model", "base_weights", "freeze", "validation_folder", "layers", "solver",
		"initial_learn_rate", "max_epochs", "mini_batch_size");

	/** The advanced fields by group, in dialog order; others go last, under "Other". */
	private static final Map<String, List<String>> GROUPS = groups();

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

	/** The plain label a field declares, e.g. "Weight decay (L2)" for l2_regularization. */
	static String label(final ModuleItem<?> item) {
		final String plain = item.getLabel();
		if (plain != null && !plain.isBlank()) return plain;
		final String words = item.getName().replace('_', ' ');
		return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
	}

	/**
	 * {@code fields} in dialog order: the basic ones, then the advanced ones by
	 * group; also the order in which the launcher lists a command's options.
	 */
	public static List<ModuleItem<?>> ordered(final List<ModuleItem<?>> fields) {
		if (!split(fields)) return fields;
		final List<ModuleItem<?>> all = new ArrayList<>(basic(fields));
		advanced(fields).values().forEach(all::addAll);
		return all;
	}

	/** Whether {@code fields} are too many for one dialog. */
	static boolean split(final List<ModuleItem<?>> fields) {
		return fields.size() > SPLIT_ABOVE;
	}

	/** The fields of the first dialog: all of them, or the basic ones of a split dialog. */
	static List<ModuleItem<?>> basic(final List<ModuleItem<?>> fields) {
		if (!split(fields)) return fields;
		// NB: in BASIC's order, whatever order the command declares its inputs in.
		return fields.stream().filter(i -> BASIC.contains(i.getName())).sorted(Comparator
			.comparingInt(i -> BASIC.indexOf(i.getName()))).toList();
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
