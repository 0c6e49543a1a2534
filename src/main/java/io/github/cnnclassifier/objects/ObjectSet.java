package io.github.cnnclassifier.objects;

import java.util.List;

/**
 * The objects found in an image, and how many candidates were skipped (an
 * empty ROI or label, or one of fewer than 2 pixels inside the image).
 */
public record ObjectSet(List<ImageObject> objects, int skipped) {

	public ObjectSet {
		objects = List.copyOf(objects);
	}

	/** For the log: e.g. "212 objects (3 skipped: empty or smaller than 2 pixels)". */
	public String describe() {
		return objects.size() + (objects.size() == 1 ? " object" : " objects") + (skipped == 0
			? "" : " (" + skipped + " skipped: empty or smaller than 2 pixels)");
	}
}
