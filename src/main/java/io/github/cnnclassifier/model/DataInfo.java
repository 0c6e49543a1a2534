package io.github.cnnclassifier.model;

import io.github.cnnclassifier.data.Duplicates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where a model's training data came from, to tell later whether it changed. */
public final class DataInfo {

	private final String folder;
	private final String validationFolder;
	private final int files;
	private final String fingerprint;
	private final int trainingImages;
	private final int validationImages;
	private final List<String> skipped;
	private final Duplicates.Report duplicates;
	private final List<String> validation;
	private Map<String, String> groups;

	/**
	 * @param validationFolder null when validation images were split off {@code folder}
	 * @param files image files found (fingerprinted)
	 * @param fingerprint SHA-256 of the sorted list of relative paths and sizes
	 * @param skipped one message per file left out
	 */
	public DataInfo(final String folder, final String validationFolder, final int files,
		final String fingerprint, final int trainingImages, final int validationImages,
		final List<String> skipped)
	{
		this(folder, validationFolder, files, fingerprint, trainingImages, validationImages,
			skipped, null, List.of());
	}

	/**
	 * As above, with the copies found among the images and the validation
	 * images' paths, relative to the folder they came from.
	 */
	public DataInfo(final String folder, final String validationFolder, final int files,
		final String fingerprint, final int trainingImages, final int validationImages,
		final List<String> skipped, final Duplicates.Report duplicates,
		final List<String> validation)
	{
		this.duplicates = duplicates;
		this.validation = new ArrayList<>(validation);
		this.folder = folder;
		this.validationFolder = validationFolder;
		this.files = files;
		this.fingerprint = fingerprint;
		this.trainingImages = trainingImages;
		this.validationImages = validationImages;
		this.skipped = new ArrayList<>(skipped);
	}

	public String folder() {
		return folder;
	}

	/** Null when validation images were split off {@link #folder()}. */
	public String validationFolder() {
		return validationFolder;
	}

	public int files() {
		return files;
	}

	public String fingerprint() {
		return fingerprint;
	}

	public int trainingImages() {
		return trainingImages;
	}

	public int validationImages() {
		return validationImages;
	}

	public List<String> skipped() {
		return skipped == null ? List.of() : Collections.unmodifiableList(skipped);
	}

	/** Exact and near copies among the images; null for models written before it was recorded. */
	public Duplicates.Report duplicates() {
		return duplicates;
	}

	/** The validation images' paths, relative to the validation or data folder they came from. */
	public List<String> validation() {
		return validation == null ? List.of() : Collections.unmodifiableList(validation);
	}

	/** The group of every image by its relative path (group_by); empty without groups. */
	public Map<String, String> groups() {
		return groups == null ? Map.of() : Collections.unmodifiableMap(groups);
	}

	/** This, recording the group of every image by its relative path. */
	public DataInfo groups(final Map<String, String> byPath) {
		this.groups = new LinkedHashMap<>(byPath);
		return this;
	}
}
