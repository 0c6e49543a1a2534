package io.github.cnnclassifier.model;

import io.github.cnnclassifier.data.Duplicates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model's training data came from, to tell later whether it changed,
 * and what a reviewer asks of it: copies among the images, the validation
 * images and the group of every image.
 *
 * @param validationFolder null when validation images were split off {@code folder}
 * @param files image files found (fingerprinted)
 * @param fingerprint SHA-256 of the sorted list of relative paths and sizes
 * @param skipped one message per file left out
 * @param duplicates exact and near copies among the images; null for models
 *          written before it was recorded
 * @param validation the validation images' paths, relative to the validation
 *          or data folder they came from
 * @param groups the group of every image by its relative path (group_by);
 *          empty without groups
 */
public record DataInfo(String folder, String validationFolder, int files, String fingerprint,
	int trainingImages, int validationImages, List<String> skipped, Duplicates.Report duplicates,
	List<String> validation, Map<String, String> groups)
{

	public DataInfo {
		// NB: a model file written before these were recorded has none of them;
		// Gson builds records through this constructor, so no check may throw here.
		skipped = skipped == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(
			skipped));
		validation = validation == null ? List.of() : Collections.unmodifiableList(
			new ArrayList<>(validation));
		groups = groups == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(
			groups));
	}

	/** Without copies, validation list or groups recorded. */
	public DataInfo(final String folder, final String validationFolder, final int files,
		final String fingerprint, final int trainingImages, final int validationImages,
		final List<String> skipped)
	{
		this(folder, validationFolder, files, fingerprint, trainingImages, validationImages,
			skipped, null, List.of(), Map.of());
	}

	/** With the copies found and the validation images, without groups. */
	public DataInfo(final String folder, final String validationFolder, final int files,
		final String fingerprint, final int trainingImages, final int validationImages,
		final List<String> skipped, final Duplicates.Report duplicates,
		final List<String> validation)
	{
		this(folder, validationFolder, files, fingerprint, trainingImages, validationImages,
			skipped, duplicates, validation, Map.of());
	}

	/** This, recording the group of every image by its relative path. */
	public DataInfo groups(final Map<String, String> byPath) {
		return new DataInfo(folder, validationFolder, files, fingerprint, trainingImages,
			validationImages, skipped, duplicates, validation, byPath);
	}
}
