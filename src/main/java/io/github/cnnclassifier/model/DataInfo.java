package io.github.cnnclassifier.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a model's training data came from, to tell later whether it changed.
 *
 * @param validationFolder null when validation images were split off {@code folder}
 * @param files image files found (fingerprinted)
 * @param fingerprint SHA-256 of the sorted list of relative paths and sizes
 * @param skipped one message per file left out
 */
public record DataInfo(String folder, String validationFolder, int files, String fingerprint,
	int trainingImages, int validationImages, List<String> skipped)
{

	public DataInfo {
		// NB: a model file written before skipped files were recorded has none;
		// Gson builds records through this constructor, so no check may throw here.
		skipped = skipped == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(
			skipped));
	}
}
