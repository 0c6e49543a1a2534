package io.github.cnnclassifier.folder;

import io.github.cnnclassifier.output.CsvRecords;
import io.github.cnnclassifier.predict.Prediction;

/**
 * One sample of a folder's file and its prediction: a CSV row.
 *
 * @param file path relative to the folder, '/'-separated
 * @param slice 1-based stack index of the sample's (first) plane; 1 for a single image
 * @param samples how many samples (rows) the file has: 1 for a single image
 * @param prediction the class and the probability of every class
 */
public record FolderRow(String file, int slice, int samples, Prediction prediction) {

	/** The row as one CSV line (no line end): File, Slice, Class, Confidence, P_label... */
	public String csv() {
		final StringBuilder sb = new StringBuilder(64 + 12 * prediction.labels().size());
		sb.append(CsvRecords.text(file)).append(',').append(slice).append(',');
		sb.append(CsvRecords.text(prediction.label())).append(',');
		sb.append(prediction.confidence());
		for (int k = 0; k < prediction.labels().size(); k++) {
			sb.append(',').append(prediction.probability(k));
		}
		return sb.toString();
	}

	@Override
	public String toString() {
		return file + " [" + slice + "]: " + prediction;
	}
}
